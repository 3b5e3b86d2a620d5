using Gamified.Api.Security;
using Gamified.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Gamified.Server.Hosting;

/// <summary>
/// How a browser reaches the Orleans Dashboard behind the same sign-in. A browser cannot add a bearer header to a page it
/// opens, so the signed-in admin's web page posts its token to <see cref="SessionPath"/> (in the header, as every API call
/// does) and gets it back as a cookie that only <c>/dashboard</c> is sent, HttpOnly and SameSite=Strict, ending when the
/// token does. Under <c>/dashboard</c>, and nowhere else, a GET without a header is authenticated from that cookie — by the
/// same token validation, issuer and sign-in check as the header — so /graphql never accepts a cookie (no cross-site
/// requests riding on it), and ending the sign-in ends the dashboard too. Nothing is stored on the server, so any node of
/// a cluster accepts the cookie another node set.
/// </summary>
internal static class DashboardAccess
{
    public const string DashboardPath = "/dashboard";
    public const string SessionPath = "/dashboard-session";
    public const string CookieName = "gamified.dashboard";

    /// <summary>For the JWT bearer handler: the token of a dashboard GET that carries no header comes from the cookie.</summary>
    public static void ReadCookieToken(MessageReceivedContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(DashboardPath) && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
            !request.Headers.ContainsKey("Authorization") && request.Cookies.TryGetValue(CookieName, out var token))
            context.Token = token;
    }

    public static void MapDashboardSession(this WebApplication app)
    {
        app.MapPost(SessionPath, async (HttpContext http) =>
        {
            var caller = new Caller(http.User);
            // The token must arrive in the header (no cookie is read here), from a person who is an admin.
            var header = http.Request.Headers.Authorization.ToString();
            var refusal = !caller.IsAuthenticated || !header.StartsWith("Bearer ", StringComparison.Ordinal)
                ? (Status: StatusCodes.Status401Unauthorized, Code: ErrorCodes.Unauthenticated, Message: "Send an admin's bearer token.")
                : !caller.IsAdmin ? (StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "The Orleans Dashboard is for admins.")
                : ((int Status, string Code, string Message)?)null;
            if (refusal is { } refused)
            {
                await Gamified.Api.Exports.ExportProblems.Problem(refused.Status, refused.Code, refused.Message).ExecuteAsync(http);
                return;
            }
            var expires = long.TryParse(http.User.FindFirst("exp")?.Value, out var exp)
                ? DateTimeOffset.FromUnixTimeSeconds(exp)
                : DateTimeOffset.UtcNow.AddMinutes(5);
            http.Response.Cookies.Append(CookieName, header["Bearer ".Length..].Trim(), new CookieOptions
            {
                Path = DashboardPath,
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Expires = expires,
            });
            http.Response.StatusCode = StatusCodes.Status204NoContent;
        });

        app.MapDelete(SessionPath, (HttpContext http) =>
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = DashboardPath });
            return Results.NoContent();
        });
    }
}
