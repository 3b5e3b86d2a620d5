namespace Gamified.Accounts;

/// <summary>A service account to create: a name people recognise, the scopes it may use, the departments it is limited to.</summary>
public sealed record NewServiceAccount(string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Departments);

/// <summary>A service account as listed: never its secret (only a hash of it is kept).</summary>
public sealed record ServiceAccountInfo(string ClientId, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Departments,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt);

/// <summary>A created service account with its client secret: shown this once, never again.</summary>
public sealed record CreatedServiceAccount(ServiceAccountInfo Account, string ClientSecret);

/// <summary>
/// Integrations (HR sync, content pipelines, reporting) as confidential clients of the built-in OpenID Connect provider,
/// signing in with client credentials. Registered only while that provider is on.
/// </summary>
public interface IServiceAccountDirectory
{
    /// <summary>Creates the account with a generated secret, or refuses with BAD_USER_INPUT (the field at fault).</summary>
    Task<CreatedServiceAccount> Create(NewServiceAccount account, string createdBy, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceAccountInfo>> List(CancellationToken cancellationToken = default);

    /// <summary>Removes the account: its tokens are refused from the next request on. NOT_FOUND unless it is a service account.</summary>
    Task<ServiceAccountInfo> Revoke(string clientId, CancellationToken cancellationToken = default);
}
