using System.Security.Claims;
using Gamified.Audit;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gamified.Server.Identity;

/// <summary>
/// <c>/connect/endsession</c>: signs out the sign-in named by the identity token hint. Its authorization and every token
/// of it are revoked, so the refresh token stops working and the API refuses its access tokens at once (even a copy
/// someone kept), then the browser goes back to the (validated) post-logout address.
/// </summary>
internal static class EndSessionEndpoint
{
    public const string SignOutAction = "signOut";

    public static async Task<IResult> Handle(HttpContext http, IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens,
        IAuditStore audit, TimeProvider clock)
    {
        var hint = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (hint?.GetAuthorizationId() is { } authorizationId)
        {
            if (await authorizations.FindByIdAsync(authorizationId, http.RequestAborted) is { } authorization)
                await authorizations.TryRevokeAsync(authorization, http.RequestAborted);
            await tokens.RevokeByAuthorizationIdAsync(authorizationId, http.RequestAborted);
            var subject = hint.FindFirst(Claims.Subject)?.Value ?? "anonymous";
            await audit.Append(new AuditEntry(0, clock.GetUtcNow(), subject, string.Join(',', hint.FindAll("role").Select(c => c.Value)),
                SignOutAction, null, "OK", "{}", http.Connection.RemoteIpAddress?.ToString()));
        }
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
