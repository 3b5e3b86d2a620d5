using System.Security.Claims;
using Gamified.Api.Security;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gamified.Server.Identity;

/// <summary>
/// An access token of the built-in provider is good only while its sign-in lasts: once the user signs out (or the
/// provider revokes the authorization, as it does when a used refresh token comes back), its tokens are refused even
/// before they expire. Tokens without an authorization (the <c>token</c> command's) are not sessions. A service account's
/// token is good only while the account exists: revoking it removes the account, and its tokens are refused at once.
/// </summary>
public sealed class BuiltInSessionCheck(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, IdentityDbContext db) : ISessionCheck
{
    /// <summary>Whether the token names a sign-in or a service account at all: the <c>token</c> command's tokens do not, and for
    /// them the check (with its database context and OpenIddict's managers) is not even built.</summary>
    public static bool CarriesSession(ClaimsPrincipal principal) =>
        principal.HasClaim(c => c.Type is Caller.ServiceAccountClaim or Claims.Private.AuthorizationId or Claims.Private.TokenId);

    public async ValueTask<bool> IsOpen(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        // Asked of the database, not OpenIddict's in-memory cache of applications: another node may have revoked it.
        if (principal.FindFirst(Caller.ServiceAccountClaim)?.Value is { } clientId &&
            !await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking().AnyAsync(a => a.ClientId == clientId, cancellationToken))
            return false;
        var authorizationId = principal.FindFirst(Claims.Private.AuthorizationId)?.Value;
        var tokenId = principal.FindFirst(Claims.Private.TokenId)?.Value;
        if (authorizationId is null && tokenId is null) return true;
        if (authorizationId is not null)
        {
            var authorization = await authorizations.FindByIdAsync(authorizationId, cancellationToken);
            if (authorization is null || !await authorizations.HasStatusAsync(authorization, Statuses.Valid, cancellationToken)) return false;
        }
        if (tokenId is not null)
        {
            var token = await tokens.FindByIdAsync(tokenId, cancellationToken);
            if (token is null || !await tokens.HasStatusAsync(token, Statuses.Valid, cancellationToken)) return false;
        }
        return true;
    }
}
