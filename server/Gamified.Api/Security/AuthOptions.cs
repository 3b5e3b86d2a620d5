namespace Gamified.Api.Security;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>OIDC authority (issuer URL) whose keys sign tokens. When set, the built-in provider is off. Required outside
    /// Development when the built-in provider is switched off, unless <see cref="AllowLocalTokens"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string Audience { get; set; } = "gamified";

    /// <summary>Issuer of locally signed tokens (embedded default, when no authority is configured).</summary>
    public string LocalIssuer { get; set; } = "gamified-local";

    /// <summary>Where the local signing key is kept; relative paths are under the data directory.</summary>
    public string LocalSigningKeyFile { get; set; } = "jwt-signing.key";

    /// <summary>Lifetime of locally issued tokens.</summary>
    public TimeSpan LocalTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Serve with the locally generated key outside Development (a single-machine installation without an
    /// identity provider); the server refuses to start without an authority otherwise.</summary>
    public bool AllowLocalTokens { get; set; }

    /// <summary>How far past its expiry a token is still accepted, for clocks that differ between the issuer and this server.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The web pages' client id at the external identity provider (<see cref="Authority"/>); without it the pages
    /// offer only the pasted-token form. The built-in provider has its own client for them.</summary>
    public string? WebClientId { get; set; }

    /// <summary>The scopes the web pages ask the external identity provider for.</summary>
    public string WebScope { get; set; } = "openid profile offline_access";

    public bool UsesLocalKey => string.IsNullOrWhiteSpace(Authority);
}
