namespace Gamified.Server.Identity;

/// <summary>
/// Lets the web pages of the installations in <c>Auth:BuiltInProvider:WebOrigins</c> read this provider's discovery document,
/// keys and token endpoint from their own origin (oidc-client-ts fetches them), and nothing else here: the login and sign-out
/// pages are navigations, and the API is not for their scripts. Runs first in the pipeline (a start-up filter), before the
/// provider answers in the authentication middleware.
/// </summary>
internal sealed class ProviderCors(BuiltInProviderOptions options) : IStartupFilter
{
    private const string PolicyName = "provider-web-origins";

    public static void Add(IServiceCollection services, BuiltInProviderOptions options)
    {
        if (options.WebOrigins.Count == 0) return;
        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins([.. options.WebOriginNames])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Content-Type", "Accept", "Authorization")));
        services.AddTransient<IStartupFilter, ProviderCors>();
    }

    public static bool IsReadByPages(PathString path) =>
        path.StartsWithSegments("/.well-known") || path.StartsWithSegments(IdentityProviderRegistration.TokenPath) ||
        path.StartsWithSegments(IdentityProviderRegistration.RevokePath);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (options.WebOrigins.Count > 0)
            app.UseWhen(http => IsReadByPages(http.Request.Path), pages => pages.UseCors(PolicyName));
        next(app);
    };
}
