using System.Security.Claims;

namespace Gamified.Api.Security;

/// <summary>
/// Whether the sign-in a validated token belongs to is still open (not signed out, not revoked). The signature and
/// expiry say a token was issued and is recent; only the issuer knows whether its session ended since. HTTP and the
/// WebSocket endpoint ask it after validating a token; without one registered, every valid token is open.
/// </summary>
public interface ISessionCheck
{
    ValueTask<bool> IsOpen(ClaimsPrincipal principal, CancellationToken cancellationToken);
}
