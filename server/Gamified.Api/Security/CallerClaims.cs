using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;

namespace Gamified.Api.Security;

/// <summary>
/// The one claims transformation (ASP.NET Core resolves a single <see cref="IClaimsTransformation"/>; the WebSocket endpoint
/// applies the same one at <c>connection_init</c> and token renewal): first a token of an external issuer is mapped to our
/// claims (<see cref="ExternalClaims"/>), then a bureau manager's departments are widened (<see cref="ManagedDepartments"/>).
/// A token the mapping refuses leaves the caller anonymous: HTTP answers 401, a socket closes with 4403.
/// </summary>
public sealed class CallerClaims(AuthOptions auth, ClaimMappingOptions mapping, ManagedDepartments departments, ILogger<CallerClaims> logger)
    : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return principal;
        if (!auth.UsesLocalKey && principal.Identity.AuthenticationType != ExternalClaims.AuthenticationType)
        {
            var mapped = ExternalClaims.Map(principal, mapping, out var refusal);
            if (mapped is null)
            {
                logger.LogInformation("A token of {Issuer} signs no one in here: {Reason}", principal.FindFirst("iss")?.Value, refusal);
                return new ClaimsPrincipal(new ClaimsIdentity());
            }
            principal = mapped;
        }
        return await departments.TransformAsync(principal);
    }
}
