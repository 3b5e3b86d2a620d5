using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Gamified.Server.Hosting.Telemetry;

/// <summary>
/// Unready when a projection (boards, analytics) is further behind than <c>Telemetry:MaxProjectionLag</c> while it is
/// making progress: the node serves stale boards or reports. A projection behind only because its store is away is
/// degraded, not down: that store's own check says so, and pulling every node out of the load balancer for it would turn
/// stale boards into no service at all.
/// </summary>
public sealed class ProjectionLagCheck(IEnumerable<IHostedService> hosted, TelemetryOptions options) : IHealthCheck
{
    private readonly ProjectionLoop[] _loops = hosted.OfType<ProjectionLoop>().ToArray();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var behind = _loops.Where(l => l.Lag > options.MaxProjectionLag).ToList();
        if (behind.Count == 0) return Task.FromResult(HealthCheckResult.Healthy());
        var text = string.Join("; ", behind.Select(l => $"the {l.Name} projection is {l.Lag.TotalSeconds:0} s behind" + (l.Failing ? " (its store is not answering)" : "")));
        return Task.FromResult(behind.All(l => l.Failing) ? HealthCheckResult.Degraded(text) : HealthCheckResult.Unhealthy(text));
    }
}

/// <summary>
/// Redis, when the boards live there: away, the node still records activity (awards never wait for the boards), so it
/// is degraded, not down; boards and live events across nodes wait for it.
/// </summary>
internal sealed class RedisCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis is not answering: boards and live events wait for it; activity is still recorded.");
        }
    }
}

/// <summary>The readiness answer: 200 for Healthy and Degraded, 503 for Unhealthy (the middleware's), and a JSON body
/// naming each check's status and, when not healthy, why, in words (never an exception).</summary>
internal static class ReadinessResponse
{
    public static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
