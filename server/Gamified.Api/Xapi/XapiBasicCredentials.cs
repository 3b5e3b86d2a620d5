using System.Security.Claims;
using System.Text;
using Gamified.Accounts;
using Gamified.Api.Security;
using Gamified.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Xapi;

/// <summary>
/// A service account's client id and secret as HTTP Basic, for xAPI clients that know no OAuth (the public conformance suite
/// among them): read only under <c>/xapi/</c> (the pages' <c>/graphql</c> takes bearer tokens alone), and giving exactly the
/// caller the account's bearer token would (its id, scopes and departments). Basic whose user is a UUID is a cmi5 launch
/// token and is left to <see cref="Cmi5.Cmi5Tokens"/>.
/// </summary>
public static class XapiBasicCredentials
{
    public const string AuthenticationType = "xapi-basic";
    public const string Challenge = "Basic realm=\"Gamified xAPI\", charset=\"UTF-8\"";

    /// <summary>The caller the credentials name; null when the request carries no service account's Basic credentials.</summary>
    public static async Task<Caller?> Admit(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || header.Length > 1024) return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0 || Guid.TryParse(decoded[..colon], out _)) return null;

        if (!http.Request.IsHttps && !IsLoopback(http) && !http.RequestServices.GetRequiredService<XapiOptions>().AllowBasicOverHttp)
            throw Refused(http, "BASIC_NEEDS_HTTPS", "Service account credentials are taken as HTTP Basic only over HTTPS.");
        var credentials = http.RequestServices.GetService<IServiceAccountCredentials>()
            ?? throw Refused(http, ErrorCodes.Unauthenticated, "This server keeps no service accounts; send a bearer token.");
        var check = await credentials.Check(decoded[..colon], decoded[(colon + 1)..], http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        switch (check.Outcome)
        {
            case SecretCheckOutcome.Throttled:
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(check.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new XapiRefusal(429, ErrorCodes.RateLimited, "Too many wrong credentials; wait before trying again.");
            case SecretCheckOutcome.Refused:
                throw Refused(http, ErrorCodes.Unauthenticated, "The client id or secret is wrong, or the account was revoked.");
        }
        var grant = check.Grant!;
        var claims = new List<Claim>
        {
            new(Caller.SubjectClaim, grant.ClientId),
            new(Caller.ServiceAccountClaim, grant.ClientId),
            new(Caller.ScopeClaim, string.Join(' ', grant.Scopes)),
        };
        claims.AddRange(grant.Departments.Select(d => new Claim(Caller.DepartmentClaim, d)));
        return new Caller(new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType)));
    }

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);

    private static XapiRefusal Refused(HttpContext http, string code, string message)
    {
        http.Response.Headers.WWWAuthenticate = Challenge;
        return new XapiRefusal(401, code, message);
    }
}
