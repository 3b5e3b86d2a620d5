using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gamified.Server.Identity;

/// <summary>
/// The web pages as an OpenID Connect client of the built-in provider: public (no secret: it runs in the browser),
/// authorization code with PKCE, refresh tokens, sign-out. The pages are served by this same server, so the one address
/// it may send codes to is the root of the origin the request came in on (the pages route with the hash): a fixed
/// list could not name every address an installation is reached by. Other installations that sign in here are named in
/// <c>Auth:BuiltInProvider:WebOrigins</c>; anything else is refused (no open redirect).
/// </summary>
public static class WebPagesClient
{
    public const string ClientId = "gamified-web";

    /// <summary>The scope that puts <c>role</c> and <c>department</c> claims in the identity token.</summary>
    public const string RolesScope = Scopes.Roles;

    public static string RedirectUriFor(Uri baseUri) => new Uri(baseUri, "/").AbsoluteUri;

    public static OpenIddictApplicationDescriptor Descriptor() => new()
    {
        ClientId = ClientId,
        ClientType = ClientTypes.Public,
        ConsentType = ConsentTypes.Implicit,
        DisplayName = "Gamified web pages",
        Permissions =
        {
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile,
            Permissions.Scopes.Roles,
        },
        Requirements = { Requirements.Features.ProofKeyForCodeExchange },
    };

    /// <summary>The pages' root on the origin the request came in on, or on one of the configured other installations'
    /// (<see cref="BuiltInProviderOptions.WebOrigins"/>); compared whole, so no prefix or look-alike passes.</summary>
    public static bool IsPagesRoot(string address, Uri? baseUri, BuiltInProviderOptions options) =>
        (baseUri is not null && address == RedirectUriFor(baseUri)) || options.WebOriginRoots.Contains(address, StringComparer.Ordinal);

    /// <summary>Replaces OpenIddict's check of redirect_uri against stored addresses: the web client's is the request's own origin.</summary>
    public sealed class ValidateRedirectUri(IOpenIddictApplicationManager applications, BuiltInProviderOptions options)
        : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
            .CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<ValidateRedirectUri>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            if (string.IsNullOrEmpty(context.RedirectUri))
            {
                context.Reject(Errors.InvalidRequest, "The redirect_uri parameter is required.");
                return;
            }
            if (context.ClientId == ClientId)
            {
                if (!IsPagesRoot(context.RedirectUri, context.BaseUri, options))
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not this client's.");
                return;
            }
            var application = await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken);
            if (application is null || !await applications.ValidateRedirectUriAsync(application, context.RedirectUri, context.CancellationToken))
                context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
        }
    }

    /// <summary>The same rule for where sign-out returns to.</summary>
    public sealed class ValidatePostLogoutRedirectUri(IOpenIddictApplicationManager applications, BuiltInProviderOptions options)
        : IOpenIddictServerHandler<ValidateEndSessionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
            .CreateBuilder<ValidateEndSessionRequestContext>()
            .UseScopedHandler<ValidatePostLogoutRedirectUri>()
            .SetOrder(OpenIddictServerHandlers.Session.ValidateClientPostLogoutRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateEndSessionRequestContext context)
        {
            if (string.IsNullOrEmpty(context.PostLogoutRedirectUri)) return;
            if (IsPagesRoot(context.PostLogoutRedirectUri, context.BaseUri, options)) return;
            await foreach (var application in applications.FindByPostLogoutRedirectUriAsync(context.PostLogoutRedirectUri, context.CancellationToken))
                if (context.ClientId is null || await applications.GetClientIdAsync(application, context.CancellationToken) == context.ClientId)
                    return;
            context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered.");
        }
    }
}
