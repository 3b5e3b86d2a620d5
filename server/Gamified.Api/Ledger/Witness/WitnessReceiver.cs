using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Common;
using Gamified.Ledger.Log;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Api.Ledger.Witness;

/// <summary>
/// The receiving side of a witness: keeps every head a trusted sender POSTs, in <c>ReceiveDirectory/&lt;sender&gt;/</c>, and
/// refuses (409 LEDGER_FORK, with an alarm) a head that does not extend the heads it holds. One sender's heads are taken one
/// at a time, so two racing heads are compared with each other, not both with the one before.
/// </summary>
public sealed class WitnessReceiver
{
    private readonly Dictionary<string, (string Name, ECDsa Key)> _trusted = [];
    private readonly string _directory;
    private readonly LedgerForkAlarm _alarm;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public WitnessReceiver(LedgerWitnessOptions options, LedgerForkAlarm alarm)
    {
        _directory = options.ReceiveDirectory ?? throw new InvalidOperationException("Ledger:Witness:ReceiveDirectory is not set.");
        _alarm = alarm;
        foreach (var (name, jwk) in options.Trusted)
        {
            var key = PublicKey(name, jwk);
            // The key id as every Gamified derives it (LedgerCheckpoints.KeyId): a head names it, so the sender is found by it.
            _trusted[Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16]] = (name, key);
        }
    }

    public async Task<WitnessReply> Receive(WitnessRequest request, CancellationToken cancellationToken)
    {
        var head = request.Checkpoint;
        if (!_trusted.TryGetValue(head.KeyId, out var sender) || !LedgerCheckpoints.IsSignedBy(head, sender.Key))
            return new WitnessReply(StatusCodes.Status403Forbidden, ErrorCodes.WitnessUntrusted,
                "The head is not signed by a key this witness trusts (Ledger:Witness:Trusted).", null);
        var kept = new CheckpointDirectory(Path.Combine(_directory, sender.Name));
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (kept.Latest() is not { } held)
                return kept.Keep(head) is { } first ? await Fork(sender.Name, first, head, "a head of the same size with another root") : Kept(head.Size);
            if (kept.Find(head.Size) is { } same)
                return same.Root == head.Root ? Kept(held.Size) : await Fork(sender.Name, same, head, "a head of the same size with another root");
            if (request.ProofSize != held.Size)
                return new WitnessReply(StatusCodes.Status409Conflict, ErrorCodes.WitnessProofRequired,
                    $"Send the head again with a consistency proof between it and the head of size {held.Size} kept here.", held.Size);
            var (smaller, larger) = head.Size < held.Size ? (head, held) : (held, head);
            if (!new LedgerConsistencyProof(smaller, larger, request.ProofPath).Holds())
                return await Fork(sender.Name, held, head, $"the proof does not lead from the head of size {smaller.Size} to the head of size {larger.Size}");
            // Another node sharing the directory may have kept a head of this size first.
            if (kept.Keep(head) is { } other) return await Fork(sender.Name, other, head, "a head of the same size with another root");
            return Kept(Math.Max(head.Size, held.Size));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static WitnessReply Kept(long heldSize) => new(StatusCodes.Status200OK, null, "Kept.", heldSize);

    private async Task<WitnessReply> Fork(string sender, LedgerCheckpoint held, LedgerCheckpoint head, string reason)
    {
        await _alarm.Raise("witness", sender, held, head, reason);
        return new WitnessReply(StatusCodes.Status409Conflict, ErrorCodes.LedgerFork,
            $"The head does not extend the head of size {held.Size} this witness keeps: {reason}.", held.Size);
    }

    private static ECDsa PublicKey(string name, string jwk)
    {
        try
        {
            var json = JsonNode.Parse(jwk)!;
            if (json["kty"]?.GetValue<string>() != "EC" || json["crv"]?.GetValue<string>() != "P-256")
                throw new FormatException("an EC P-256 key");
            return ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(json["x"]!.GetValue<string>()), Y = Base64UrlEncoder.DecodeBytes(json["y"]!.GetValue<string>()) },
            });
        }
        catch (Exception problem) when (problem is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or CryptographicException)
        {
            throw new InvalidOperationException($"Ledger:Witness:Trusted:{name} is the sender's public key as a JWK (what its credentialIssuerKey serves).", problem);
        }
    }
}
