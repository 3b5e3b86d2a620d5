using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gamified.Common;
using Gamified.Ledger.Log;

namespace Gamified.Api.Ledger.Witness;

/// <summary>
/// The sending side: POSTs a signed head to another Gamified's <c>/ledger/witness</c>, with the consistency proof the
/// witness asks for (from the largest head it holds, which each answer tells). Throws on any failure but a fork, which it
/// reports: the caller retries later.
/// </summary>
public sealed class HttpWitness(HttpClient http, Uri url, ILedgerLog log)
{
    private long? _heldSize;

    /// <summary>Sends the head; returns null when the witness kept it, or the witness's refusal as a fork.</summary>
    public async Task<WitnessReply?> Send(LedgerCheckpoint head, CancellationToken cancellationToken)
    {
        var reply = await Post(head, _heldSize, cancellationToken);
        if (reply.Code == ErrorCodes.WitnessProofRequired && reply.HeldSize is { } held) reply = await Post(head, held, cancellationToken);
        if (reply.HeldSize is { } size) _heldSize = size;
        return reply.Code switch
        {
            null => null,
            ErrorCodes.LedgerFork => reply,
            _ => throw new HttpRequestException($"The witness {url} answered {reply.Status} {reply.Code}: {reply.Message}"),
        };
    }

    private async Task<WitnessReply> Post(LedgerCheckpoint head, long? heldSize, CancellationToken cancellationToken)
    {
        var request = new WitnessRequest(head, null, []);
        if (heldSize is { } held && held != head.Size)
        {
            var (smaller, larger) = (Math.Min(held, head.Size), Math.Max(held, head.Size));
            var leaves = await log.ReadLeafHashes(larger, cancellationToken);
            // A witness holding more than this log has is answered without a proof: it will refuse, and that is the alarm.
            if (leaves.Count == larger)
                request = new WitnessRequest(head, held, MerkleTree.ConsistencyProof(leaves, smaller, larger).Select(Convert.ToHexStringLower).ToList());
        }
        using var response = await http.PostAsJsonAsync(url, request.ToJson(), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
        var extensions = body?["errors"]?[0]?["extensions"];
        return new WitnessReply((int)response.StatusCode, extensions?["code"]?.GetValue<string>() ?? (response.IsSuccessStatusCode ? null : "HTTP_" + (int)response.StatusCode),
            body?["errors"]?[0]?["message"]?.GetValue<string>() ?? "", (extensions ?? body)?["heldSize"]?.GetValue<long>());
    }
}
