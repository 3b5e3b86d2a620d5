using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Gamified.Api.Xapi;

/// <summary>
/// xAPI 1.0.3's alternate request syntax (Communication 1.3), for browsers that cannot send custom headers or other
/// methods: <c>POST …?method=PUT</c> with an <c>application/x-www-form-urlencoded</c> body whose fields are the headers
/// (<c>Authorization</c>, <c>X-Experience-API-Version</c>, <c>Content-Type</c>, <c>If-Match</c>, <c>If-None-Match</c>), the
/// request's body (<c>content</c>) and its parameters. The request is rewritten into the one it stands for before anything
/// else reads it, so every rule of the resource applies to it unchanged.
/// </summary>
internal static class AlternateRequestSyntax
{
    private const int MaxForm = 1 << 20;
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE"];
    private static readonly string[] HeaderFields = ["Authorization", "X-Experience-API-Version", "Content-Type", "If-Match", "If-None-Match"];

    public static async Task Apply(HttpContext http)
    {
        var request = http.Request;
        if (!request.Query.TryGetValue("method", out var method)) return;
        if (!HttpMethods.IsPost(request.Method))
            throw new XapiRefusal(400, "BAD_REQUEST", "The alternate request syntax (method=) is sent as POST.");
        if (request.Query.Count > 1 || !Methods.Contains(method.ToString()))
            throw new XapiRefusal(400, "BAD_REQUEST", "The alternate request syntax takes method= alone in the address, one of GET, HEAD, PUT, POST, DELETE.");
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            throw new XapiRefusal(400, "BAD_REQUEST", "The alternate request syntax sends a form (application/x-www-form-urlencoded).");
        var body = await XapiEndpoints.ReadBody(http, MaxForm);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));

        var parameters = new Dictionary<string, StringValues>();
        string? content = null;
        var authorization = false;
        foreach (var (name, value) in form)
        {
            if (HeaderFields.FirstOrDefault(h => h.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } header)
            {
                request.Headers[header] = value;
                authorization |= header == "Authorization";
            }
            else if (name == "content") content = value.ToString();
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;   // the length of the content, set below
            else parameters[name] = value;
        }
        request.Method = method.ToString();
        request.QueryString = QueryString.Create(parameters);
        request.Query = new QueryCollection(parameters);
        var bytes = System.Text.Encoding.UTF8.GetBytes(content ?? "");
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        if (content is not null && !form.Keys.Any(k => k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            request.ContentType = "application/json";
        else if (content is null && !form.Keys.Any(k => k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            request.Headers.ContentType = StringValues.Empty;
        // Credentials sent as a form field: the bearer scheme reads them now, as it read the header before.
        if (authorization) http.User = await Authenticate(http) ?? new System.Security.Claims.ClaimsPrincipal();
    }

    /// <summary>The default scheme's answer for the rewritten request. A handler remembers its first answer for the rest
    /// of the request, so a handler of a fresh scope reads the new header.</summary>
    private static async Task<System.Security.Claims.ClaimsPrincipal?> Authenticate(HttpContext http)
    {
        await using var scope = http.RequestServices.CreateAsyncScope();
        var schemes = scope.ServiceProvider.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetDefaultAuthenticateSchemeAsync() is not { } scheme) return null;
        var handler = await scope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>().GetHandlerAsync(http, scheme.Name);
        return handler is null ? null : (await handler.AuthenticateAsync()).Principal;
    }
}
