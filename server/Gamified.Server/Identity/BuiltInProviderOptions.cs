namespace Gamified.Server.Identity;

/// <summary>
/// The <c>Auth:BuiltInProvider</c> configuration section: the OpenID Connect provider the server runs itself, with local
/// accounts, for an installation without an identity provider of its own. It is on only while <c>Auth:Authority</c> is
/// empty: once that names another issuer, tokens come from there and this provider stays off.
/// </summary>
public sealed class BuiltInProviderOptions
{
    public const string Section = "Auth:BuiltInProvider";

    public bool Enabled { get; set; } = true;

    /// <summary>The issuer URL to announce; empty: the address the request came in on (after forwarded headers).</summary>
    public string? Issuer { get; set; }

    /// <summary>The password of a first admin account <c>admin</c>, created on start when no admin account exists. When not
    /// set, the server logs a one-time set-up link instead.</summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>Wrong passwords in a row that lock an account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of access tokens: short, since a refresh token renews them and sign-out ends the refresh.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of a refresh token (each use issues a new one and retires the old).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(10);

    /// <summary>How long a one-time link to choose a password stays good (for staff the HR import listed, and resets).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The provider's RSA signing key (PEM); relative paths are under the data directory. Every node of a cluster
    /// must use the same file (or use an external identity provider).</summary>
    public string SigningKeyFile { get; set; } = "oidc-signing.pem";

    /// <summary>The key that encrypts authorization codes and refresh tokens; relative paths are under the data directory.</summary>
    public string EncryptionKeyFile { get; set; } = "oidc-encryption.key";

    /// <summary>Refuse plain HTTP (outside Development, where it is always allowed); false for an installation whose proxy ends TLS
    /// without forwarding the scheme.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>Origins (<c>https://host[:port]</c>) of other Gamified installations whose web pages sign in here: the pages'
    /// client may send codes and return from sign-out to their root, and they may read discovery and the token endpoint
    /// (CORS). Nothing else is accepted: one installation can be the sign-in of another, never of an arbitrary site.</summary>
    public List<string> WebOrigins { get; set; } = [];

    /// <summary>The roots the pages' client may be sent back to at <see cref="WebOrigins"/>, as redirect addresses.</summary>
    public IReadOnlyList<string> WebOriginRoots => [.. WebOrigins.Select(o => WebPagesClient.RedirectUriFor(new Uri(o.Trim())))];

    /// <summary>The <see cref="WebOrigins"/> as origins (no trailing slash), for CORS and the login page's form-action.</summary>
    public IReadOnlyList<string> WebOriginNames => [.. WebOrigins.Select(o => new Uri(o.Trim()).GetLeftPart(UriPartial.Authority))];

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        uri.UserInfo.Length == 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && !value.Contains('*');

    public string? Problem() =>
        WebOrigins.FirstOrDefault(o => string.IsNullOrWhiteSpace(o) || !IsOrigin(o)) is { } origin
            ? $"WebOrigins: '{origin}' is not an origin: scheme, host and port only, like https://training.example.gov.cn (no path, no wildcard)."
        : MaxFailedAttempts is < 1 or > 100 ? "MaxFailedAttempts is between 1 and 100."
        : LockoutDuration <= TimeSpan.Zero ? "LockoutDuration is positive."
        : AccessTokenLifetime < TimeSpan.FromMinutes(1) || AccessTokenLifetime > TimeSpan.FromHours(12) ? "AccessTokenLifetime is between 1 minute and 12 hours."
        : RefreshTokenLifetime < AccessTokenLifetime ? "RefreshTokenLifetime is at least AccessTokenLifetime."
        : SignInLinkLifetime < TimeSpan.FromHours(1) || SignInLinkLifetime > TimeSpan.FromDays(90) ? "SignInLinkLifetime is between 1 hour and 90 days."
        : Issuer is { Length: > 0 } issuer && !Uri.TryCreate(issuer, UriKind.Absolute, out _) ? "Issuer is an absolute URL."
        : InitialAdminPassword is { Length: > 0 } password && PasswordRules.Check(password, "admin") is { } problem ? $"InitialAdminPassword: {problem}"
        : null;
}
