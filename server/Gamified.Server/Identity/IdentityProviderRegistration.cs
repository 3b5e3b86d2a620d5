using Microsoft.AspNetCore.DataProtection;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Storage.Database;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gamified.Server.Identity;

/// <summary>
/// The built-in OpenID Connect provider (OpenIddict): discovery at <c>/.well-known/openid-configuration</c>, authorization
/// code with PKCE for public clients, rolling refresh tokens, revocation and sign-out, on the server's own database; and
/// client credentials for service accounts (<see cref="ServiceAccountClient"/>).
/// </summary>
internal static class IdentityProviderRegistration
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string EndSessionPath = "/connect/endsession";
    public const string RevokePath = "/connect/revoke";
    public const string SetupPath = "/connect/setup";
    public const string ActivatePath = "/connect/activate";

    /// <summary>Registers the provider when it is on (no external authority, not switched off); null when it is off.</summary>
    public static ProviderKeys? AddGamifiedIdentityProvider(this WebApplicationBuilder builder, AuthOptions auth, StorageOptions storage,
        GamifiedDatabase database)
    {
        var options = builder.Services.AddValidatedOptions<BuiltInProviderOptions>(builder.Configuration, BuiltInProviderOptions.Section, o => o.Problem());
        if (!options.Enabled || !auth.UsesLocalKey) return null;

        var keys = new ProviderKeys(options, storage.DataDirectory);
        builder.Services.AddSingleton(keys);
        builder.Services.AddDbContext<IdentityDbContext>(db =>
        {
            if (database.Provider == StorageProvider.Sqlite) db.UseSqlite(database.ConnectionString);
            else db.UseNpgsql(database.ConnectionString);
            db.UseOpenIddict();
        });
        builder.Services.AddScoped<LocalAccounts>();
        builder.Services.AddScoped<Gamified.Accounts.ILocalAccountDirectory, LocalAccountDirectory>();
        builder.Services.AddScoped<Gamified.Accounts.IServiceAccountDirectory, ServiceAccountDirectory>();
        builder.Services.AddSingleton<ServiceAccountSecretCache>();
        builder.Services.AddScoped<Gamified.Accounts.IServiceAccountCredentials, ServiceAccountSecrets>();
        builder.Services.AddScoped<ISessionCheck, BuiltInSessionCheck>();
        builder.Services.AddSingleton<Gamified.Accounts.ISignInSessions, BuiltInSignInSessions>();
        builder.Services.AddScoped<SignInLinks>();
        builder.Services.AddSingleton<StaffSignInProfile>();
        builder.Services.AddScoped<WebClientRegistration>();
        builder.Services.AddSingleton<FirstAdminSetup>();
        builder.Services.AddHostedService<FirstAdminStartup>();
        ProviderCors.Add(builder.Services, options);
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "gamified.antiforgery");
        // The sign-in form's antiforgery tokens are sealed with Data Protection keys: kept in the data directory, so a
        // restart does not expire every open form. Nodes of a cluster must share this directory (or an external
        // provider signs in), or a form served by one node is refused by another.
        var keyRing = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetFullPath(storage.DataDirectory), "data-protection-keys"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyRing.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        builder.Services.AddDataProtection().SetApplicationName("gamified").PersistKeysToFileSystem(keyRing);
        var requireHttps = !builder.Environment.IsDevelopment() && options.RequireHttps != false;

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizePath)
                    .SetTokenEndpointUris(TokenPath)
                    .SetEndSessionEndpointUris(EndSessionPath)
                    .SetRevocationEndpointUris(RevokePath);
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
                // Only confidential clients with the grant's permission may use it: the service accounts, never the web pages.
                server.AllowClientCredentialsFlow();
                // S256 only: a "plain" challenge is the verifier itself, which whoever sees the request also sees.
                server.Configure(o =>
                {
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                // A refresh token works once: a second use (someone kept a copy) revokes the whole sign-in at once.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess, .. ServiceScopes.All]);
                if (!string.IsNullOrWhiteSpace(options.Issuer)) server.SetIssuer(new Uri(options.Issuer));
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2));
                // The API checks access tokens as plain signed JWTs, like every other issuer's.
                server.DisableAccessTokenEncryption();
                server.AddSigningKey(keys.SigningKey).AddEncryptionKey(keys.EncryptionKey);
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor)
                    .AddEventHandler(WebPagesClient.ValidateRedirectUri.Descriptor)
                    .RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Session.ValidateClientPostLogoutRedirectUri.Descriptor)
                    .AddEventHandler(WebPagesClient.ValidatePostLogoutRedirectUri.Descriptor)
                    .AddEventHandler(ServiceAccountClient.IssueToken.Descriptor)
                    .AddEventHandler(ServiceAccountClient.AuditTokenRequest.Descriptor);
                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (!requireHttps) aspNetCore.DisableTransportSecurityRequirement();
            });
        ProviderPathsOnly.Register(builder.Services);
        return keys;
    }

    public static void MapGamifiedIdentityProvider(this WebApplication app)
    {
        if (app.Services.GetService<FirstAdminSetup>() is null) return;
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.Handle);
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], EndSessionEndpoint.Handle);
        app.MapMethods(SetupPath, [HttpMethods.Get, HttpMethods.Post], FirstAdminSetup.Handle);
        app.MapMethods(ActivatePath, [HttpMethods.Get, HttpMethods.Post], ActivateEndpoint.Handle);
        app.MapGet(ProviderPages.StylePath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(ProviderPages.Style, "text/css; charset=utf-8");
        });
    }
}
