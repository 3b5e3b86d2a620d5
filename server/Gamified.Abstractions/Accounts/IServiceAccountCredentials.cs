namespace Gamified.Accounts;

/// <summary>What a service account's secret grants: the same as the account's bearer token (its id, scopes, departments).</summary>
public sealed record ServiceAccountGrant(string ClientId, IReadOnlyList<string> Scopes, IReadOnlyList<string> Departments);

public enum SecretCheckOutcome { Granted, Refused, Throttled }

/// <summary>The answer to one secret check: the grant, a refusal, or a refusal without looking because too many checks failed.</summary>
public sealed record SecretCheck(SecretCheckOutcome Outcome, ServiceAccountGrant? Grant = null, TimeSpan RetryAfter = default)
{
    public static readonly SecretCheck Refused = new(SecretCheckOutcome.Refused);
}

/// <summary>
/// Checks a service account's client secret sent directly with a request (HTTP Basic on the LRS, for xAPI clients that know
/// no OAuth). Registered only while the built-in provider keeps service accounts. Failures are counted per client id and
/// per address, so a secret cannot be guessed by trying.
/// </summary>
public interface IServiceAccountCredentials
{
    Task<SecretCheck> Check(string clientId, string secret, string? address, CancellationToken cancellationToken = default);
}
