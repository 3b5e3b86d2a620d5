using Gamified.Api.Security;

namespace Gamified.Server.Identity;

/// <summary>
/// <c>GET /auth/config</c>: where the web pages sign in: the built-in provider (its issuer is this server), the external
/// identity provider that <c>Auth:Authority</c> names with <c>Auth:WebClientId</c>, or nowhere (authority null: the pages
/// offer only the development form for a pasted token). Public, like any OpenID Connect discovery.
/// </summary>
internal static class SignInConfigEndpoint
{
    public const string Path = "/auth/config";

    public static void MapSignInConfig(this WebApplication app)
    {
        app.MapSignedInCaller();
        app.MapGet(Path, (HttpContext http, AuthOptions auth, IServiceProvider services) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (services.GetService<FirstAdminSetup>() is not null)
            {
                var issuer = services.GetRequiredService<BuiltInProviderOptions>().Issuer is { Length: > 0 } configured
                    ? configured
                    : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/";
                return Results.Json(new SignInConfig(issuer, WebPagesClient.ClientId, "openid profile roles offline_access", true));
            }
            return !auth.UsesLocalKey && !string.IsNullOrWhiteSpace(auth.WebClientId)
                ? Results.Json(new SignInConfig(auth.Authority, auth.WebClientId, auth.WebScope, false))
                : Results.Json(new SignInConfig(null, null, null, false));
        });
    }

    private sealed record SignInConfig(string? Authority, string? ClientId, string? Scope, bool BuiltIn);
}
