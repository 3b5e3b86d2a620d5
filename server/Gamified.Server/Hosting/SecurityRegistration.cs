using System.Globalization;
using System.Threading.RateLimiting;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Server.Identity;
using Gamified.Storage.Database;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Server.Hosting;

/// <summary>The <c>RateLimits</c> configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>GraphQL requests a minute for one signed-in user.</summary>
    public int PerUserPerMinute { get; set; } = 600;

    /// <summary>GraphQL requests a minute from one client address (an office behind NAT is one address).</summary>
    public int PerAddressPerMinute { get; set; } = 3000;
}

internal static class SecurityRegistration
{
    /// <summary>
    /// JWT bearer authentication: against an OIDC authority when one is configured; otherwise against the keys of the
    /// built-in provider (Identity/) and the locally generated key of the <c>token</c> command, each for its own issuer.
    /// Tokens of a sign-in that ended are refused through <see cref="ISessionCheck"/>.
    /// </summary>
    public static void AddGamifiedAuthentication(this WebApplicationBuilder builder, StorageOptions storage, GamifiedDatabase database)
    {
        var auth = builder.Services.AddValidatedOptions<AuthOptions>(builder.Configuration, AuthOptions.Section, o =>
            o.ClockSkew < TimeSpan.Zero ? "ClockSkew is not negative." : null);

        LocalTokens? local = auth.UsesLocalKey ? new LocalTokens(auth, storage.DataDirectory, TimeProvider.System) : null;
        if (local is not null) builder.Services.AddSingleton(local);
        var provider = builder.AddGamifiedIdentityProvider(auth, storage, database);
        var providerIssuer = builder.Configuration[$"{BuiltInProviderOptions.Section}:Issuer"];

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = Caller.SubjectClaim,
                RoleClaimType = Caller.RoleClaim,
                ValidAudience = auth.Audience,
                ClockSkew = auth.ClockSkew,
            };
            if (local is null)
            {
                options.Authority = auth.Authority;
                options.Audience = auth.Audience;
                // The issuer's keys come from its discovery document: over HTTPS, or anyone on the path could hand us theirs.
                // A laptop (Development) may point at an issuer on plain HTTP, as the tests do.
                options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = auth.LocalIssuer;
                // Outside Development the command line's key counts only where the installation chose it (AllowLocalTokens) or
                // has no provider to sign in with.
                var trustLocal = builder.Environment.IsDevelopment() || auth.AllowLocalTokens || provider is null;
                options.TokenValidationParameters.IssuerSigningKeys =
                    provider is null ? [local.SigningKey] : trustLocal ? [local.SigningKey, provider.SigningKey] : [provider.SigningKey];
                options.TokenValidationParameters.IssuerValidator = (issuer, token, _) =>
                    IssuerOf(issuer, token, auth.LocalIssuer, provider, providerIssuer);
            }
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    DashboardAccess.ReadCookieToken(context);
                    return Task.CompletedTask;
                },
                // A token of a sign-in that ended (signed out, revoked) is refused, however long before its expiry.
                OnTokenValidated = async context =>
                {
                    if (BuiltInSessionCheck.CarriesSession(context.Principal!) &&
                        context.HttpContext.RequestServices.GetService<ISessionCheck>() is { } sessions &&
                        !await sessions.IsOpen(context.Principal!, context.HttpContext.RequestAborted))
                        context.Fail("The sign-in of this token has ended.");
                },
            };
        });
        builder.Services.AddAuthorization();
    }

    /// <summary>
    /// Each key vouches for one issuer: the local key for the <c>token</c> command's, the built-in provider's key for the
    /// provider (its configured issuer, or the address it was reached at when none is configured).
    /// </summary>
    private static string IssuerOf(string issuer, SecurityToken token, string localIssuer, ProviderKeys? provider, string? providerIssuer)
    {
        var key = (token as Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)?.SigningKey;
        if (key is SymmetricSecurityKey && issuer == localIssuer) return issuer;
        if (provider is not null && key is RsaSecurityKey rsa && rsa.KeyId == provider.SigningKey.KeyId &&
            (string.IsNullOrWhiteSpace(providerIssuer)
                ? Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                : new Uri(providerIssuer).AbsoluteUri == new Uri(issuer).AbsoluteUri))
            return issuer;
        throw new SecurityTokenInvalidIssuerException($"The issuer '{issuer}' does not go with the key that signed the token.");
    }

    /// <summary>
    /// Refuses to serve with the local key outside Development (Staging, Production, or any name a deployment
    /// chose): real identities come from an identity provider. A single-machine installation may choose the local
    /// key with <c>Auth:AllowLocalTokens</c>.
    /// </summary>
    public static void RequireIdentityProviderOutsideDevelopment(WebApplication app)
    {
        var auth = app.Services.GetRequiredService<AuthOptions>();
        if (!app.Environment.IsDevelopment() && auth.UsesLocalKey && !auth.AllowLocalTokens && app.Services.GetService<FirstAdminSetup>() is null)
            throw new StartRefusedException(
                $"Auth:Authority is required outside Development (this is '{app.Environment.EnvironmentName}') when the built-in provider " +
                "is off (Auth:BuiltInProvider:Enabled=false): configure your OIDC identity provider (Auth:Authority, Auth:Audience). A single-machine installation may set Auth:AllowLocalTokens=true " +
                "to sign tokens with the key generated in its data directory; for a laptop run with ASPNETCORE_ENVIRONMENT=Development.");
    }

    /// <summary>Per-user and per-address fixed windows on /graphql, the /reports CSV downloads (each of which reads as
    /// much as a report query) and the public certificate checks (/certificates, a database read each); a refusal is 429 with RATE_LIMITED and Retry-After.</summary>
    public static void AddGamifiedRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Services.AddValidatedOptions<RateLimitOptions>(builder.Configuration, RateLimitOptions.Section, o =>
            o.PerUserPerMinute < 1 || o.PerAddressPerMinute < 1 ? "PerUserPerMinute and PerAddressPerMinute are positive." : null);
        // One set of windows, shared with the WebSocket endpoint, which counts each operation sent over a socket.
        var windows = new Gamified.Api.Transport.RequestRateLimits(limits.PerUserPerMinute, limits.PerAddressPerMinute);
        builder.Services.AddSingleton(windows);
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = windows.ForHttp(IsLimited);
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<Gamified.Telemetry.GamifiedMetrics>().RateLimited("http");
                var seconds = Gamified.Api.Transport.RequestRateLimits.RetryAfterSeconds(context.Lease);
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsJsonAsync(new
                {
                    errors = new[]
                    {
                        new
                        {
                            message = $"Too many requests; retry after {seconds} seconds.",
                            extensions = new { code = ErrorCodes.RateLimited, retryAfterSeconds = seconds },
                        },
                    },
                }, ct);
            };
        });
    }

    private static bool IsLimited(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/graphql") || http.Request.Path.StartsWithSegments("/reports") ||
        http.Request.Path.StartsWithSegments("/connect") || http.Request.Path.StartsWithSegments("/xapi") ||
        http.Request.Path.StartsWithSegments("/certificates") || http.Request.Path.StartsWithSegments("/plans") ||
        http.Request.Path.StartsWithSegments("/ledger");   // the witness endpoint: anonymous, an ECDSA check per request
}
