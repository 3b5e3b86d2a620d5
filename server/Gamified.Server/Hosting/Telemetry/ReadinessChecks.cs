using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Gamified.Server.Hosting.Telemetry;

/// <summary>
/// Degraded when a projection (boards, analytics) is further behind than <c>Telemetry:MaxProjectionLag</c>: the node
/// serves stale boards or reports, and says why. Never unready for it: the projections follow a cursor shared by every
/// node, so a lag (a large import, a rebuild, a catch-up after an upgrade) is the same on all of them at once, and
/// taking them all out of the load balancer would turn stale boards into no service, recording included. Alert on
/// <c>gamified_projection_lag_seconds</c> instead.
/// </summary>
public sealed class ProjectionLagCheck(IEnumerable<IHostedService> hosted, TelemetryOptions options) : IHealthCheck
{
    private readonly ProjectionLoop[] _loops = hosted.OfType<ProjectionLoop>().ToArray();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var behind = _loops.Where(l => l.Lag > options.MaxProjectionLag).ToList();
        if (behind.Count == 0) return Task.FromResult(HealthCheckResult.Healthy());
        var text = string.Join("; ", behind.Select(l => $"the {l.Name} projection is {l.Lag.TotalSeconds:0} s behind" + (l.Failing ? " (its store is not answering)" : "")));
        return Task.FromResult(HealthCheckResult.Degraded(text));
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
