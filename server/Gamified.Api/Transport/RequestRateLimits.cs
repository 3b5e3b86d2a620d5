using System.Net;
using System.Threading.RateLimiting;
using Gamified.Api.Security;
using Microsoft.AspNetCore.Http;

namespace Gamified.Api.Transport;

/// <summary>
/// The per-user and per-address windows every GraphQL operation counts against, whichever transport carries it:
/// the HTTP rate-limiting middleware uses them for each request, the WebSocket endpoint for each operation sent
/// over a socket, so a socket is no way around the limits.
/// </summary>
public sealed class RequestRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<Key> _limiter;

    public RequestRateLimits(int perUserPerMinute, int perAddressPerMinute)
    {
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<Key, string>(key =>
                key.Limited && key.Subject is { } subject
                    ? RateLimitPartition.GetFixedWindowLimiter("user:" + subject, _ => Window(perUserPerMinute))
                    : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<Key, string>(key =>
                key.Limited
                    ? RateLimitPartition.GetFixedWindowLimiter("address:" + key.Address, _ => Window(perAddressPerMinute))
                    : RateLimitPartition.GetNoLimiter("")));
    }

    /// <summary>The same windows, for the HTTP middleware; requests <paramref name="isLimited"/> rejects pass freely.</summary>
    public PartitionedRateLimiter<HttpContext> ForHttp(Func<HttpContext, bool> isLimited) =>
        _limiter.WithTranslatedKey<HttpContext>(
            http => new Key(isLimited(http), http.User.FindFirst(Caller.SubjectClaim)?.Value, http.Connection.RemoteIpAddress),
            leaveOpen: true);

    /// <summary>Takes one permit for an operation of <paramref name="subject"/> from <paramref name="address"/>;
    /// the lease says whether it was granted and, if not, when to retry.</summary>
    public RateLimitLease Acquire(string? subject, IPAddress? address) => _limiter.AttemptAcquire(new Key(true, subject, address));

    /// <summary>Whole seconds until a refused lease's window reopens (a minute when the limiter does not say).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;

    public void Dispose() => _limiter.Dispose();

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private readonly record struct Key(bool Limited, string? Subject, IPAddress? Address);
}
