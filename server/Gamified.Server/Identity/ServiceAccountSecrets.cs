using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gamified.Accounts;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Gamified.Server.Identity;

/// <summary>
/// A service account's secret checked on each LRS request that sends it as HTTP Basic. OpenIddict keeps only a slow hash of
/// the secret (PBKDF2), far too slow to pay on every statement, so a successful check is remembered for
/// <see cref="ServiceAccountSecretCache.Lifetime"/>, keyed on a SHA-256 of client id and secret (never the secret itself):
/// only the same id with the same secret finds it. Revocation still ends it at once: a remembered check is honoured only
/// after asking the database whether the account exists, the same cheap query that ends the account's bearer tokens.
/// </summary>
internal sealed class ServiceAccountSecrets(IOpenIddictApplicationManager applications, IdentityDbContext db, ServiceAccountSecretCache cache)
    : IServiceAccountCredentials
{
    public async Task<SecretCheck> Check(string clientId, string secret, string? address, CancellationToken cancellationToken = default)
    {
        var key = ServiceAccountSecretCache.Key(clientId, secret);
        if (cache.Find(key) is { } remembered)
        {
            if (await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking().AnyAsync(a => a.ClientId == clientId, cancellationToken))
                return new SecretCheck(SecretCheckOutcome.Granted, remembered);
            cache.Forget(key);
            return SecretCheck.Refused;
        }
        // Only checks that reach the slow hash are throttled: a caller holding the right secret is not locked out by
        // someone else's guesses once it has been checked.
        if (cache.Throttled(clientId, address) is { } retryAfter) return new SecretCheck(SecretCheckOutcome.Throttled, RetryAfter: retryAfter);

        var application = Gamified.Common.Validate.IsId(clientId) ? await applications.FindByClientIdAsync(clientId, cancellationToken) : null;
        var account = application is null ? null : await ServiceAccountClient.Read(applications, application, cancellationToken);
        if (account is null || !await applications.ValidateClientSecretAsync(application!, secret, cancellationToken))
        {
            cache.Failed(clientId, address);
            return SecretCheck.Refused;
        }
        var grant = new ServiceAccountGrant(account.ClientId, account.Scopes, account.Departments);
        cache.Remember(key, grant);
        return new SecretCheck(SecretCheckOutcome.Granted, grant);
    }
}

/// <summary>The node's remembered secret checks and its windows of failed ones (both in memory, per node).</summary>
internal sealed class ServiceAccountSecretCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Failed checks a minute for one client id from one address, and from one address in all (an office behind NAT
    /// is one address, and holds several integrations at most). Beyond them a check from there answers 429 without looking.
    /// Counted per client id and address, not per client id alone: client ids are no secret (a statement's authority names
    /// one), and a count of its own would let anyone lock an integration out with ten wrong guesses a minute.</summary>
    public const int FailuresPerClientPerMinute = 10;
    public const int FailuresPerAddressPerMinute = 30;

    private const int MaxEntries = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ServiceAccountGrant Grant, DateTimeOffset Until)> _granted = new();
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> _failures = new();

    public static string Key(string clientId, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clientId + "\n" + secret)));

    private static string ClientAt(string clientId, string? address) => "client:" + clientId + "@" + address;

    /// <summary>The remembered grant; each use keeps it another <see cref="Lifetime"/> (every use also asks the database whether
    /// the account still exists, so a busy integration is never sent back to the slow check, nor kept past a revocation).</summary>
    public ServiceAccountGrant? Find(string key)
    {
        var now = clock.GetUtcNow();
        if (!_granted.TryGetValue(key, out var entry) || entry.Until <= now) return null;
        _granted[key] = (entry.Grant, now + Lifetime);
        return entry.Grant;
    }

    public void Remember(string key, ServiceAccountGrant grant)
    {
        Prune(_granted, e => e.Until);
        _granted[key] = (grant, clock.GetUtcNow() + Lifetime);
    }

    public void Forget(string key) => _granted.TryRemove(key, out _);

    public TimeSpan? Throttled(string clientId, string? address)
    {
        var now = clock.GetUtcNow();
        TimeSpan? Over(string partition, int limit) =>
            _failures.TryGetValue(partition, out var w) && w.Since + Window > now && w.Count >= limit ? w.Since + Window - now : null;
        return Over(ClientAt(clientId, address), FailuresPerClientPerMinute) ?? Over("address:" + address, FailuresPerAddressPerMinute);
    }

    public void Failed(string clientId, string? address)
    {
        Prune(_failures, w => w.Since + Window);
        var now = clock.GetUtcNow();
        foreach (var partition in new[] { ClientAt(clientId, address), "address:" + address })
            _failures.AddOrUpdate(partition, _ => (1, now), (_, w) => w.Since + Window > now ? (w.Count + 1, w.Since) : (1, now));
    }

    // Bounded memory under a flood of distinct ids or addresses: past the cap, expired entries go first, then everything
    // (forgetting failures early only lets a guesser start a new window, at the cap's cost in memory).
    private void Prune<T>(ConcurrentDictionary<string, T> entries, Func<T, DateTimeOffset> until)
    {
        if (entries.Count < MaxEntries) return;
        var now = clock.GetUtcNow();
        foreach (var (key, value) in entries)
            if (until(value) <= now) entries.TryRemove(key, out _);
        if (entries.Count >= MaxEntries) entries.Clear();
    }
}
