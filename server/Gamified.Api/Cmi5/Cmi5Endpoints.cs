using System.Security.Claims;
using System.Text;
using Gamified.Api.Security;
using Gamified.Cmi5;
using Gamified.Content;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Gamified.Api.Cmi5;

/// <summary>
/// The launch token: what the fetch URL hands out, and the AU sends as <c>Authorization: Basic {auth-token}</c> (cmi5 8.2).
/// The token is Basic credentials "session id : secret"; only the LRS under <c>/xapi/</c> reads it (the pages' bearer
/// scheme ignores Basic), so on <c>/graphql</c> it is no credential at all, and on <c>/xapi/</c> it is bound to its
/// learner, registration and session.
/// </summary>
public static class Cmi5Tokens
{
    public const string AuthenticationType = "cmi5-launch";

    public static string Token(Guid sessionId, string secret) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sessionId:D}:{secret}"));

    /// <summary>The caller of a valid launch token; null when the request carries no Basic credentials (other schemes then apply).</summary>
    public static async Task<Caller?> Admit(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return Refused();
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0 || !Guid.TryParse(decoded[..colon], out var sessionId) || decoded.Length - colon > 200) return Refused();
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        if (await grains.GetGrain<ICmi5SessionGrain>(sessionId).Admit(decoded[(colon + 1)..]) is not { } session) return Refused();
        return new Caller(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(Caller.SubjectClaim, session.LearnerId),
            new Claim(Caller.LaunchSessionClaim, session.SessionId.ToString("D")),
            new Claim(Caller.LaunchRegistrationClaim, session.Registration.ToString("D")),
        ], AuthenticationType)));
    }

    // Basic credentials that are not a live launch token: an unauthenticated caller (401), never a fall-through to other schemes.
    private static Caller Refused() => new(new ClaimsPrincipal(new ClaimsIdentity()));
}

public static class Cmi5Endpoints
{
    /// <summary>
    /// The AU's cross-origin calls: an AU runs in an opaque origin (CSP sandbox) or on the content origin, and calls the LRS
    /// and the fetch URL from there. Every credential on these paths is a header (no cookies), so allowing any origin gives
    /// a page nothing it could not do with the token it already holds.
    /// </summary>
    public static IApplicationBuilder UseLrsCors(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/xapi") || http.Request.Path.StartsWithSegments("/cmi5/fetch"), lrs => lrs.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlExposeHeaders = "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through";
            if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
            {
                headers.AccessControlAllowMethods = "GET, HEAD, PUT, POST, DELETE";
                headers.AccessControlAllowHeaders = "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match";
                headers.AccessControlMaxAge = "600";
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            await next(http);
        }));

    public static void MapGamifiedCmi5(this IEndpointRouteBuilder endpoints)
    {
        // cmi5 8.2: POST only; the first call gets {"auth-token"}, any later one {"error-code": "1"} (answered 200, as the
        // AU reads the body for the error code).
        endpoints.MapPost("/cmi5/fetch/{sessionId:guid}", async (Guid sessionId, HttpContext http, IGrainFactory grains) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            var key = http.Request.Query["key"].ToString();
            if (key.Length is 0 or > 100)
                return Results.Json(new Dictionary<string, string> { ["error-code"] = "2", ["error-text"] = "The fetch URL has no key." });
            var outcome = await grains.GetGrain<ICmi5SessionGrain>(sessionId).Fetch(key);
            return outcome.Token is { } secret
                ? Results.Json(new Dictionary<string, string> { ["auth-token"] = Cmi5Tokens.Token(sessionId, secret) })
                : Results.Json(new Dictionary<string, string> { ["error-code"] = outcome.ErrorCode!, ["error-text"] = outcome.ErrorText! });
        });

        endpoints.MapGet("/cmi5/content/{packageId}/{version}/{**path}", (string packageId, string version, string path, PackageCatalog catalog,
            Cmi5Options options, HttpContext http) =>
        {
            var package = catalog.Get(packageId, version)?.Package;
            // Only a course's own files; cmi5.xml and manifest.json are the LMS's, not the AU's.
            var bytes = package?.Course is null || path is "cmi5.xml" or "manifest.json" ? null : package.Files.Read(path);
            if (bytes is null) return Results.NotFound();
            var headers = http.Response.Headers;
            // A sandbox without allow-same-origin: the AU's document has an opaque origin, so even served beside the pages it
            // reads none of their storage (where the learner's token is) and sends no cookies of theirs.
            var connect = string.IsNullOrEmpty(options.ContentOrigin) ? "'self'" : "*";
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                            + $"media-src 'self'; font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; "
                                            + "form-action 'none'; sandbox allow-scripts allow-forms allow-popups";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(bytes, ContentType(path));
        });
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        ".xml" => "application/xml",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".woff" => "font/woff",
        ".woff2" => "font/woff2",
        ".ttf" => "font/ttf",
        ".otf" => "font/otf",
        ".mp3" => "audio/mpeg",
        ".mp4" => "video/mp4",
        ".webm" => "video/webm",
        ".ogg" => "audio/ogg",
        ".wav" => "audio/wav",
        ".vtt" => "text/vtt",
        ".ico" => "image/x-icon",
        _ => "text/plain; charset=utf-8",
    };
}
