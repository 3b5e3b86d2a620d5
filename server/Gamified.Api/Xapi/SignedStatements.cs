using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamified.Xapi;

namespace Gamified.Api.Xapi;

/// <summary>
/// Signed statements (xAPI 1.0.3, Data 2.6): an attachment of usage type <c>…/attachments/signature</c>, content type
/// <c>application/octet-stream</c>, whose part is a JWS (RFC 7515, compact form) signed with RS256, RS384 or RS512 over the
/// statement as it was before the signature was attached. The LRS refuses (400) a signature that is not such a JWS, or whose
/// payload is not that statement. When the JWS header carries the signer's certificate (<c>x5c</c>) the signature is
/// verified with it; without one there is no key to verify with, and the statement is stored as signed but unverified
/// (a signature scores nothing here either way: what counts is who sent the statement).
/// </summary>
internal static class SignedStatements
{
    private static readonly Dictionary<string, HashAlgorithmName> Algorithms = new()
    {
        ["RS256"] = HashAlgorithmName.SHA256,
        ["RS384"] = HashAlgorithmName.SHA384,
        ["RS512"] = HashAlgorithmName.SHA512,
    };

    public static void Check(JsonObject statement, IReadOnlyList<XapiAttachment> contents)
    {
        foreach (var attachment in statement["attachments"] as JsonArray ?? [])
        {
            if ((string?)attachment?["usageType"] != StatementValidator.SignatureUsage) continue;
            if ((string?)attachment["contentType"] != "application/octet-stream")
                throw Refused("a signature attachment's contentType is application/octet-stream");
            var sha2 = ((string)attachment["sha2"]!).ToLowerInvariant();
            var part = contents.FirstOrDefault(c => c.Sha2 == sha2) ?? throw Refused("the signature is sent as a part, not by fileUrl");
            Verify(Encoding.ASCII.GetString(part.Content).Trim(), statement);
        }
    }

    private static void Verify(string jws, JsonObject statement)
    {
        var segments = jws.Split('.');
        if (segments.Length != 3) throw Refused("the signature is not a JWS in compact form");
        JsonObject header;
        JsonNode? payload;
        byte[] signature;
        try
        {
            header = JsonNode.Parse(Base64Url(segments[0])) as JsonObject ?? throw Refused("the JWS header is not a JSON object");
            payload = JsonNode.Parse(Base64Url(segments[1]));
            signature = Base64Url(segments[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Refused("the JWS is malformed (its header or payload is not base64url JSON)");
        }
        if ((string?)header["alg"] is not { } alg || !Algorithms.TryGetValue(alg, out var hash))
            throw Refused("the JWS algorithm is RS256, RS384 or RS512");
        var signed = statement.DeepClone().AsObject();
        signed.Remove("attachments");
        if (payload is not JsonObject original || !JsonNode.DeepEquals(Without(original, "attachments"), signed))
            throw Refused("the JWS payload is not the statement that carries it");
        if (header["x5c"] is not JsonArray { Count: > 0 } chain) return;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)chain[0]!));
            using var key = certificate.GetRSAPublicKey() ?? throw Refused("the x5c certificate holds no RSA key");
            var input = Encoding.ASCII.GetBytes(segments[0] + "." + segments[1]);
            if (!key.VerifyData(input, signature, hash, RSASignaturePadding.Pkcs1)) throw Refused("the JWS signature does not verify with its x5c certificate");
        }
        catch (CryptographicException)
        {
            throw Refused("the x5c certificate cannot be read");
        }
    }

    private static JsonObject Without(JsonObject node, string key)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove(key);
        return copy;
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    private static XapiRefusal Refused(string why) => new(400, "XAPI_INVALID_STATEMENT", $"Signed statement: {why}.");
}
