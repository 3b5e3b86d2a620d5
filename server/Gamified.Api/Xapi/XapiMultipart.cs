using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Xapi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Gamified.Api.Xapi;

/// <summary>
/// Statements with attachments (xAPI 1.0.3, Data 2.4.11 and Communication 1.5.2): a <c>multipart/mixed</c> request whose
/// first part is the statements (application/json) and each further part one attachment's content, with
/// <c>X-Experience-API-Hash</c> (its SHA-256) and <c>Content-Transfer-Encoding: binary</c>; and the same format for a GET
/// with <c>attachments=true</c>.
/// </summary>
internal static class XapiMultipart
{
    public const string HashHeader = "X-Experience-API-Hash";

    /// <summary>The statements part and the attachments by their hash; every part's content checked against its hash.</summary>
    public static async Task<(byte[] Statements, Dictionary<string, XapiAttachment> Parts)> Read(byte[] body, string contentType, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw new XapiRefusal(400, "BAD_REQUEST", "A multipart/mixed request names its boundary.");
        var reader = new MultipartReader(boundary, new MemoryStream(body)) { HeadersCountLimit = 16, HeadersLengthLimit = 4096 };
        byte[]? statements = null;
        var parts = new Dictionary<string, XapiAttachment>(StringComparer.OrdinalIgnoreCase);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, ct);
                if (statements is null)
                {
                    if (section.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
                        throw new XapiRefusal(400, "BAD_REQUEST", "The first part of a multipart request is the statements, application/json.");
                    statements = content.ToArray();
                    continue;
                }
                if (!section.Headers!.TryGetValue(HashHeader, out var hash) || hash.ToString() is not { Length: > 0 } sha2)
                    throw new XapiRefusal(400, "BAD_REQUEST", $"Every attachment part carries {HashHeader}.");
                if (!section.Headers.TryGetValue("Content-Transfer-Encoding", out var encoding) || !"binary".Equals(encoding.ToString(), StringComparison.OrdinalIgnoreCase))
                    throw new XapiRefusal(400, "BAD_REQUEST", "Every attachment part is sent with Content-Transfer-Encoding: binary.");
                if (section.ContentType is { Length: > 255 })
                    throw new XapiRefusal(400, "BAD_REQUEST", "An attachment's Content-Type is at most 255 characters.");
                var bytes = content.ToArray();
                if (!Convert.ToHexStringLower(SHA256.HashData(bytes)).Equals(sha2, StringComparison.OrdinalIgnoreCase))
                    throw new XapiRefusal(400, "BAD_REQUEST", $"The part sent as {sha2} has another SHA-256.");
                parts[sha2.ToLowerInvariant()] = new XapiAttachment(sha2.ToLowerInvariant(), section.ContentType ?? "application/octet-stream", bytes);
            }
        }
        catch (IOException e)
        {
            throw new XapiRefusal(400, "BAD_REQUEST", $"The multipart body is malformed: {e.Message}");
        }
        return (statements ?? throw new XapiRefusal(400, "BAD_REQUEST", "A multipart request holds the statements."), parts);
    }

    /// <summary>The ids of these statements, whose attachments' contents a GET with <c>attachments=true</c> answers.</summary>
    public static IReadOnlyList<Guid> Ids(IEnumerable<JsonNode?> statements) =>
        [.. statements.Select(s => Guid.TryParse((string?)s?["id"], out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];

    /// <summary>Answers <paramref name="json"/> and the attachments as multipart/mixed (Communication 1.5.2).</summary>
    public static async Task Write(HttpContext http, JsonNode json, IReadOnlyList<XapiAttachment> attachments, CancellationToken ct)
    {
        var boundary = "xapi-" + Guid.NewGuid().ToString("N");
        http.Response.ContentType = $"multipart/mixed; boundary={boundary}";
        var body = http.Response.Body;
        async Task Text(string text) => await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await Text($"--{boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{json.ToJsonString()}\r\n");
        foreach (var attachment in attachments)
        {
            await Text($"--{boundary}\r\nContent-Type: {attachment.ContentType}\r\nContent-Transfer-Encoding: binary\r\n{HashHeader}: {attachment.Sha2}\r\n\r\n");
            await body.WriteAsync(attachment.Content, ct);
            await Text("\r\n");
        }
        await Text($"--{boundary}--\r\n");
    }
}
