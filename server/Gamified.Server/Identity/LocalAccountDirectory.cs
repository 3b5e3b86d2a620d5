using Microsoft.EntityFrameworkCore;
using Gamified.Accounts;
using Gamified.Api.Security;
using Gamified.Common;

namespace Gamified.Server.Identity;

/// <summary>Admins' account creation (the <c>createAccount</c> mutation, every input checked before anything is written) and
/// one-time sign-in links (<c>issueSignInLinks</c>).</summary>
internal sealed class LocalAccountDirectory(LocalAccounts accounts, SignInLinks links, IdentityDbContext db, TimeProvider clock) : ILocalAccountDirectory
{
    public const int MaxDepartments = 50;

    public async Task<LocalAccountInfo> Create(NewLocalAccount account, CancellationToken cancellationToken = default)
    {
        var userName = account.UserName.Trim();
        if (!PasswordRules.IsValidUserName(userName))
            throw Bad("用户名为 2 到 64 个小写字母、数字、'.'、'_' 或 '-'。 / The user name has 2 to 64 lower-case letters, digits, '.', '_' or '-'.", "input.userName");
        if (account.Roles.Count == 0 || account.Roles.Any(r => !Roles.All.Contains(r)))
            throw Bad($"角色须为 {string.Join("、", Roles.All)} 之一。 / Each role is one of {string.Join(", ", Roles.All)}.", "input.roles");
        if (account.Departments.Count > MaxDepartments ||
            account.Departments.Any(d => d != Roles.AllDepartments && !Validate.IsId(d)))
            throw Bad($"部门须为部门编号（至多 {MaxDepartments} 个），或 *。 / Departments are department ids (at most {MaxDepartments}), or *.", "input.departments");
        if (PasswordRules.Check(account.Password, userName) is { } problem) throw Bad(problem, "input.password");

        if (!await accounts.Create(userName, account.Password, account.Roles, account.Departments, cancellationToken))
            throw new DomainException(ErrorCodes.Conflict, $"用户名 '{userName}' 已存在。 / The user name '{userName}' is taken.", "input.userName");
        return new LocalAccountInfo(userName, [.. account.Roles.Distinct()], [.. account.Departments.Distinct()], clock.GetUtcNow());
    }

    public async Task<IReadOnlySet<string>> Existing(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken = default) =>
        (await db.Accounts.AsNoTracking().Where(a => userNames.Contains(a.UserName)).Select(a => a.UserName).ToListAsync(cancellationToken))
        .ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SignInLink>> IssueSignInLinks(IReadOnlyList<string> userNames, string issuedBy,
        CancellationToken cancellationToken = default)
    {
        var bad = userNames.FirstOrDefault(n => !PasswordRules.IsValidUserName(n));
        if (bad is not null)
            throw Bad($"'{bad}' cannot sign in with a password: user names have 2 to 64 lower-case letters, digits, '.', '_' or '-'.", "learnerIds");
        return [.. (await links.Issue(userNames, issuedBy, cancellationToken)).Select(l => new SignInLink(l.UserName, l.Path, l.ExpiresAt))];
    }

    private static DomainException Bad(string message, string field) => new(ErrorCodes.BadUserInput, message, field);
}
