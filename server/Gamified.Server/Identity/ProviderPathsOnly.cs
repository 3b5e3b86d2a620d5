using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace Gamified.Server.Identity;

/// <summary>
/// The built-in provider's request handler takes part only in requests to its own paths. ASP.NET Core's authentication
/// middleware offers every request to each scheme that handles requests; OpenIddict's then dispatches a dozen or more
/// handlers just to find the request is not its own, on every GraphQL call. Its endpoints all live under
/// <c>/connect</c> and <c>/.well-known</c> (discovery and keys), so elsewhere the scheme has no handler, and the
/// middleware goes straight to the bearer token.
/// </summary>
internal sealed class ProviderPathsOnly(AuthenticationHandlerProvider handlers) : IAuthenticationHandlerProvider
{
    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        authenticationScheme == OpenIddictServerAspNetCoreDefaults.AuthenticationScheme && !IsProviderPath(context.Request.Path)
            ? Task.FromResult<IAuthenticationHandler?>(null)
            : handlers.GetHandlerAsync(context, authenticationScheme);

    public static bool IsProviderPath(PathString path) =>
        path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase);

    public static void Register(IServiceCollection services)
    {
        services.AddScoped<AuthenticationHandlerProvider>();
        services.AddScoped<IAuthenticationHandlerProvider, ProviderPathsOnly>();
    }
}
