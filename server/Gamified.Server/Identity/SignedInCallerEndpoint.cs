using System.Security.Claims;
using Gamified.Api.Security;
using Gamified.Common;

namespace Gamified.Server.Identity;

/// <summary>
/// <c>GET /auth/me</c>: who the bearer of a token is here, as the server sees them after mapping an external issuer's claims
/// (<c>Auth:ClaimMapping</c>). The pages show and route by this rather than by the token's own claims, which an external
/// issuer names its own way. A token that signs no one in here (refused, or mapped to no role) answers 401.
/// </summary>
internal static class SignedInCallerEndpoint
{
    public const string Path = "/auth/me";

    public static void MapSignedInCaller(this WebApplication app) => app.MapGet(Path, (HttpContext http) =>
    {
        http.Response.Headers.CacheControl = "no-store";
        if (http.User.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
            return Results.Json(new
            {
                errors = new[] { new { message = "Sign in: this token signs no one in here.", extensions = new { code = ErrorCodes.Unauthenticated } } },
            }, statusCode: StatusCodes.Status401Unauthorized);
        // The first identity is the token's (mapped); a bureau manager's widening is added beside it and is the server's business.
        return Results.Json(new SignedInCaller(
            identity.FindFirst(Caller.SubjectClaim)?.Value ?? "",
            [.. identity.FindAll(Caller.RoleClaim).Select(c => c.Value)],
            [.. identity.FindAll(Caller.DepartmentClaim).Select(c => c.Value)]));
    });

    private sealed record SignedInCaller(string Subject, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments);
}
