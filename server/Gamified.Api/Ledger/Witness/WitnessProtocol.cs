using System.Text.Json.Nodes;
using Gamified.Ledger.Log;

namespace Gamified.Api.Ledger.Witness;

/// <summary>
/// What <c>POST /ledger/witness</c> takes: <c>{"checkpoint": {size, root, signedAt, keyId, signature}, "proof": {"size": n,
/// "path": [hex…]}}</c>. The proof (RFC 9162 2.1.4, between the head of size n the witness holds and this one, whichever is
/// smaller first) is needed whenever the witness holds a head of another size; it answers 409 WITNESS_PROOF_REQUIRED with
/// <c>heldSize</c> to ask for it. The signature is the authentication: only a trusted sender's key makes a head it keeps.
/// </summary>
public sealed record WitnessRequest(LedgerCheckpoint Checkpoint, long? ProofSize, IReadOnlyList<string> ProofPath)
{
    public const int MaxBytes = 64 * 1024;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["checkpoint"] = CheckpointJson.Write(Checkpoint) };
        if (ProofSize is { } size) json["proof"] = new JsonObject { ["size"] = size, ["path"] = new JsonArray([.. ProofPath.Select(p => (JsonNode)p)]) };
        return json;
    }

    /// <summary>Reads a request; throws <see cref="FormatException"/> for anything malformed.</summary>
    public static WitnessRequest Read(JsonNode? json)
    {
        var checkpoint = CheckpointJson.Read(json?["checkpoint"]);
        if (json!["proof"] is not { } proof) return new WitnessRequest(checkpoint, null, []);
        try
        {
            var size = proof["size"]!.GetValue<long>();
            var path = proof["path"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            if (size < 0 || path.Count > 128 || !path.All(CheckpointJson.IsHash)) throw new FormatException("A proof is a size and at most 128 hashes.");
            return new WitnessRequest(checkpoint, size, path);
        }
        catch (Exception problem) when (problem is NullReferenceException or InvalidOperationException)
        {
            throw new FormatException("A proof is {size, path: [hex…]}.", problem);
        }
    }
}

/// <summary>The witness's answer: the HTTP status, a code (null when kept) and the size of the largest head it now holds.</summary>
public sealed record WitnessReply(int Status, string? Code, string Message, long? HeldSize);
