namespace Gamified.Server.Identity;

/// <summary>
/// A person who signs in with a password at the built-in provider. The user name is the token's subject (for a learner,
/// their learner id); roles and departments become the token's <c>role</c> and <c>department</c> claims.
/// </summary>
public sealed class LocalAccount
{
    public string UserName { get; set; } = "";

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (format v3), never the password.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Comma-separated.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Comma-separated.</summary>
    public string Departments { get; set; } = "";

    /// <summary>Wrong passwords since the last success.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Unix milliseconds until which sign-in is refused; 0 when not locked.</summary>
    public long LockedUntil { get; set; }

    public long CreatedAt { get; set; }

    public IReadOnlyList<string> RoleList => Split(Roles);

    public IReadOnlyList<string> DepartmentList => Split(Departments);

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
