namespace Gamified.Server.Identity;

/// <summary>
/// A one-time link that lets a person choose their password at the built-in provider: how staff the HR import listed get
/// their first password, and how an admin resets a forgotten one. Only the SHA-256 of the link's secret is kept, so a copy
/// of the database opens no account; a new link for the same person replaces the old.
/// </summary>
public sealed class SignInInvitation
{
    /// <summary>Hex SHA-256 of the secret in the link.</summary>
    public string TokenHash { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>Unix milliseconds after which the link no longer works.</summary>
    public long ExpiresAt { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>The admin who issued it.</summary>
    public string CreatedBy { get; set; } = "";
}
