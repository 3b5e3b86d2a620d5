using System.Text.Json;
using Gamified.Api.Security;
using Gamified.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gamified.Server.Identity;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Unknown user name or wrong password: the two are not told apart.</summary>
    InvalidCredentials,
    Locked,
}

/// <summary>
/// The local accounts: created with a checked password (hashed with ASP.NET Core Identity's PBKDF2 hasher), signed in to
/// with a lock-out after <see cref="BuiltInProviderOptions.MaxFailedAttempts"/> wrong passwords in a row, and every
/// sign-in and failure written to the audit log.
/// </summary>
public sealed class LocalAccounts(IdentityDbContext db, BuiltInProviderOptions options, IAuditStore audit, TimeProvider clock)
{
    public const string SignInAction = "signIn";
    public const string CreateAccountAction = "createAccount";

    private static readonly PasswordHasher<LocalAccount> Hasher = new();

    /// <summary>Verified against for unknown user names, so that they take as long as wrong passwords.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(new LocalAccount(), Guid.NewGuid().ToString());

    public Task<LocalAccount?> Find(string userName, CancellationToken cancellationToken = default) =>
        db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserName == userName, cancellationToken);

    public Task<bool> AnyAdmin(CancellationToken cancellationToken = default) =>
        db.Accounts.AnyAsync(a => ("," + a.Roles + ",").Contains("," + Roles.Admin + ","), cancellationToken);

    /// <summary>Creates an account; the caller checked the names and the password rules. False when the user name is taken.</summary>
    public async Task<bool> Create(string userName, string password, IReadOnlyList<string> roles, IReadOnlyList<string> departments,
        CancellationToken cancellationToken = default)
    {
        var account = new LocalAccount
        {
            UserName = userName,
            Roles = string.Join(',', roles.Distinct()),
            Departments = string.Join(',', departments.Distinct()),
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        account.PasswordHash = Hasher.HashPassword(account, password);
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Accounts.AnyAsync(a => a.UserName == userName, cancellationToken)) return false;
            throw;
        }
    }

    /// <summary>Sets a password chosen through a one-time link: creates the account (its roles and department then come from
    /// the staff directory at each sign-in) or replaces the password and lifts a lock-out.</summary>
    public async Task SetPassword(string userName, string password, CancellationToken cancellationToken = default)
    {
        var hash = Hasher.HashPassword(new LocalAccount { UserName = userName }, password);
        var updated = await db.Accounts.Where(a => a.UserName == userName).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.PasswordHash, hash)
            .SetProperty(a => a.FailedAttempts, 0)
            .SetProperty(a => a.LockedUntil, 0L), cancellationToken);
        if (updated == 1) return;
        db.Accounts.Add(new LocalAccount { UserName = userName, PasswordHash = hash, CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created in the meantime (an admin, or a second link): set the password on it.
            db.ChangeTracker.Clear();
            await db.Accounts.Where(a => a.UserName == userName)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordHash, hash), cancellationToken);
        }
    }

    /// <summary>Checks a password, counts failures, locks the account when they reach the limit, and audits the attempt.</summary>
    public async Task<(SignInOutcome Outcome, LocalAccount? Account)> SignIn(string userName, string password, string? clientAddress,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var account = PasswordRules.IsValidUserName(userName) ? await Find(userName, cancellationToken) : null;
        if (account is null)
        {
            Hasher.VerifyHashedPassword(new LocalAccount(), DecoyHash, password);
            await Audit(userName, "", SignInOutcome.InvalidCredentials, clientAddress);
            return (SignInOutcome.InvalidCredentials, null);
        }
        if (account.LockedUntil > now)
        {
            await Audit(userName, account.Roles, SignInOutcome.Locked, clientAddress);
            return (SignInOutcome.Locked, null);
        }

        var verdict = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // One atomic increment per failure, so that parallel guesses cannot slip past the limit.
            await db.Accounts.Where(a => a.UserName == userName)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.FailedAttempts, a => a.FailedAttempts + 1), cancellationToken);
            var locked = await db.Accounts.Where(a => a.UserName == userName && a.FailedAttempts >= options.MaxFailedAttempts)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.LockedUntil, now + (long)options.LockoutDuration.TotalMilliseconds)
                    .SetProperty(a => a.FailedAttempts, 0), cancellationToken);
            await Audit(userName, account.Roles, locked > 0 ? SignInOutcome.Locked : SignInOutcome.InvalidCredentials, clientAddress);
            return (locked > 0 ? SignInOutcome.Locked : SignInOutcome.InvalidCredentials, null);
        }

        // Only while still unlocked: guesses sent in parallel may have locked the account while this one was being checked,
        // and a right password among them must not lift that lock.
        var unlocked = await db.Accounts.Where(a => a.UserName == userName && a.LockedUntil <= now).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.FailedAttempts, 0)
            .SetProperty(a => a.LockedUntil, 0L), cancellationToken);
        if (unlocked == 0)
        {
            await Audit(userName, account.Roles, SignInOutcome.Locked, clientAddress);
            return (SignInOutcome.Locked, null);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            await db.Accounts.Where(a => a.UserName == userName)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordHash, Hasher.HashPassword(account, password)), cancellationToken);
        await Audit(userName, account.Roles, SignInOutcome.SignedIn, clientAddress);
        return (SignInOutcome.SignedIn, account);
    }

    public Task AuditCreation(string actor, string actorRoles, string userName, string outcome, string? clientAddress) =>
        audit.Append(new AuditEntry(0, clock.GetUtcNow(), actor, actorRoles, CreateAccountAction, userName, outcome,
            JsonSerializer.Serialize(new { userName }), clientAddress));

    private Task Audit(string userName, string roles, SignInOutcome outcome, string? clientAddress) =>
        audit.Append(new AuditEntry(0, clock.GetUtcNow(), string.IsNullOrEmpty(userName) ? "anonymous" : userName[..Math.Min(64, userName.Length)],
            roles, SignInAction, null, OutcomeCode(outcome), "{}", clientAddress));

    public static string OutcomeCode(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.SignedIn => "OK",
        SignInOutcome.Locked => "ACCOUNT_LOCKED",
        _ => "INVALID_CREDENTIALS",
    };
}
