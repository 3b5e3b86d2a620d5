using System.Globalization;
using System.Text.Json.Nodes;
using Gamified.Ledger.Log;

namespace Gamified.Api.Ledger.Witness;

/// <summary>A signed head as JSON: the shape of the <c>ledgerCheckpoint</c> query, so a witness's file, a saved query answer
/// and a POSTed head are read alike (and by <c>verify-ledger --saved</c>).</summary>
public static class CheckpointJson
{
    public static JsonObject Write(LedgerCheckpoint checkpoint) => new()
    {
        ["size"] = checkpoint.Size,
        ["root"] = checkpoint.Root,
        ["signedAt"] = checkpoint.SignedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["keyId"] = checkpoint.KeyId,
        ["signature"] = checkpoint.Signature,
    };

    /// <summary>Reads and checks the fields' shapes (a witness reads what strangers send); throws <see cref="FormatException"/>.</summary>
    public static LedgerCheckpoint Read(JsonNode? node)
    {
        try
        {
            var size = node!["size"]!.GetValue<long>();
            var root = node["root"]!.GetValue<string>();
            var signedAt = DateTimeOffset.Parse(node["signedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var keyId = node["keyId"]!.GetValue<string>();
            var signature = node["signature"]!.GetValue<string>();
            if (size < 0 || !IsHash(root) || keyId.Length is 0 or > 64 || signature.Length is 0 or > 200)
                throw new FormatException("A head has a size of 0 or more, a 64-character lower-case hex root, a key id and a signature.");
            return new LedgerCheckpoint(size, root, signedAt, keyId, signature);
        }
        catch (Exception problem) when (problem is NullReferenceException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new FormatException("A head is {size, root, signedAt, keyId, signature}.", problem);
        }
    }

    public static bool IsHash(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}
