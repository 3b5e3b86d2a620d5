using Gamified.Ledger;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Api.Exports;

/// <summary>
/// Revocation of badge credentials by W3C Bitstring Status List: every issued credential carries a
/// <c>BitstringStatusListEntry</c> pointing at a bit of a status list credential that this server signs and serves,
/// anonymously, at <c>GET /credentials/status/{list}</c>. A set bit means the badge was revoked. A badge's bit is its
/// ledger entry's global position (<see cref="IBadgeStatusStore"/>): list = position / <see cref="ListBits"/>.
/// </summary>
public sealed class BadgeStatusList(BadgeCredentials credentials, IBadgeStatusStore store, CredentialOptions options, TimeProvider clock)
{
    /// <summary>131,072 bits (16 KB), the specification's minimum, so one bit tells a verifier nothing about a holder.</summary>
    public const int ListBits = 131_072;

    public const string Path = "/credentials/status";

    public static string ListUrl(CredentialOptions options, long list) =>
        $"{BaseUrl(options)}{Path}/{list.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The <c>credentialStatus</c> of the credential whose status position is <paramref name="position"/>.</summary>
    public static JsonObject Entry(CredentialOptions options, long position)
    {
        var url = ListUrl(options, position / ListBits);
        var index = (position % ListBits).ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = $"{url}#{index}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = "revocation",
            ["statusListIndex"] = index,
            ["statusListCredential"] = url,
        };
    }

    /// <summary>The signed status list credential (a VC-JWT), or null when no badge can have a bit in it yet.</summary>
    public async Task<string?> ListCredential(long list, CancellationToken cancellationToken)
    {
        if (list < 0 || list > await store.LastPosition(cancellationToken) / ListBits) return null;
        var bits = new byte[ListBits / 8];
        foreach (var position in await store.RevokedPositions(list * ListBits, (list + 1) * ListBits, cancellationToken))
        {
            var index = (int)(position % ListBits);
            bits[index / 8] |= (byte)(0x80 >> (index % 8));   // index 0 is the left-most bit of the first byte
        }
        var url = ListUrl(options, list);
        var now = clock.GetUtcNow();
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = options.IssuerId,
            ["validFrom"] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = $"{url}#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = "u" + Base64UrlEncoder.Encode(Gzip(bits)),   // multibase base64url, no padding
            },
        };
        return credentials.Sign(credential, now);
    }

    /// <summary>A credential that verified is refused when its status bit says revoked.</summary>
    public async Task<CredentialCheck> Check(CredentialCheck check, CancellationToken cancellationToken)
    {
        if (!check.Valid || check.CredentialJson is null) return check;
        if (JsonNode.Parse(check.CredentialJson)?["credentialStatus"] is not JsonObject status) return check;
        var prefix = ListUrl(options, 0)[..^1];
        if (status["statusPurpose"]?.GetValue<string>() != "revocation"
            || status["statusListCredential"]?.GetValue<string>() is not { } url || !url.StartsWith(prefix, StringComparison.Ordinal)
            || !long.TryParse(url.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var list)
            || !int.TryParse(status["statusListIndex"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= ListBits)
            return check with { Valid = false, Reason = "The credential's status entry is not one of this issuer's status lists." };
        var position = list * ListBits + index;
        return (await store.RevokedPositions(position, position + 1, cancellationToken)).Count > 0
            ? check with { Valid = false, Revoked = true, Reason = "徽章已被撤销 / The badge was revoked." }
            : check;
    }

    /// <summary><c>GET /credentials/status/{list}</c>: the status list credential as <c>application/vc+jwt</c>, for anyone.</summary>
    public static IEndpointConventionBuilder MapBadgeStatusLists(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet($"{Path}/{{list}}", async (string list, BadgeStatusList lists, HttpContext http) =>
        {
            if (!long.TryParse(list, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || await lists.ListCredential(number, http.RequestAborted) is not { } jwt)
                return Results.NotFound();
            // Short, so a revocation reaches verifiers that cache within a minute.
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text(jwt, "application/vc+jwt");
        }).AllowAnonymous();

    private static string BaseUrl(CredentialOptions options) =>
        !string.IsNullOrWhiteSpace(options.StatusListBaseUrl)
            ? options.StatusListBaseUrl.TrimEnd('/')
            : new Uri(options.IssuerId).GetLeftPart(UriPartial.Authority);

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(bytes);
        return buffer.ToArray();
    }
}
