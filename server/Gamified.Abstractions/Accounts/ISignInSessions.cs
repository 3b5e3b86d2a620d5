namespace Gamified.Accounts;

/// <summary>
/// The sign-ins of the built-in provider, for the changes that must take effect at once rather than at the next sign-in:
/// a person deactivated, moved to another department, changed by HR or given a new password has every sign-in ended, so
/// their tokens (and the roles and department in them) stop working now.
/// </summary>
public interface ISignInSessions
{
    Task EndAll(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default);
}

/// <summary>Where nobody signs in at the built-in provider (an external identity provider does): nothing to end here.</summary>
public sealed class NoSignInSessions : ISignInSessions
{
    public Task EndAll(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
