namespace Gamified.Accounts;

/// <summary>An account to create at the built-in sign-in provider: the user name is the tokens' subject (a learner's id).</summary>
public sealed record NewLocalAccount(string UserName, string Password, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments);

public sealed record LocalAccountInfo(string UserName, IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, DateTimeOffset CreatedAt);

/// <summary>A one-time link to choose a password: <paramref name="Path"/> is relative to the server's address.</summary>
public sealed record SignInLink(string UserName, string Path, DateTimeOffset ExpiresAt);

/// <summary>
/// The local accounts of the built-in OpenID Connect provider, for admins. Registered only while that provider is on
/// (not when an external identity provider, <c>Auth:Authority</c>, signs people in).
/// </summary>
public interface ILocalAccountDirectory
{
    /// <summary>Creates the account, or refuses with a <see cref="Gamified.Common.DomainException"/>: BAD_USER_INPUT (a bad
    /// name, role, department or a password that breaks the rules, with the field) or CONFLICT (the name is taken).</summary>
    Task<LocalAccountInfo> Create(NewLocalAccount account, CancellationToken cancellationToken = default);

    /// <summary>Of <paramref name="userNames"/>, those that have an account.</summary>
    Task<IReadOnlySet<string>> Existing(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken = default);

    /// <summary>A new one-time link for each person (replacing any earlier one); the caller checked who they are.</summary>
    Task<IReadOnlyList<SignInLink>> IssueSignInLinks(IReadOnlyList<string> userNames, string issuedBy, CancellationToken cancellationToken = default);
}
