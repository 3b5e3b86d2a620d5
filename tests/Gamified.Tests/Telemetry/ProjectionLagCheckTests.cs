using Gamified.Server.Hosting;
using Gamified.Server.Hosting.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gamified.Tests.Telemetry;

/// <summary>Readiness and projection lag: a projection behind the limit, progressing or with its store away, makes the node
/// degraded (still ready: the lag is shared by every node, which must not all leave the load balancer at once).</summary>
[Trait("Category", "Unit")]
public sealed class ProjectionLagCheckTests
{
    private static readonly TelemetryOptions Limit = new() { MaxProjectionLag = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task a_projection_behind_the_limit_while_progressing_is_degraded_not_unready()
    {
        var loop = Loop(_ => Task.FromResult(true));   // always a full batch: never at the end of its table
        var result = await CheckWhileRunning(loop, HealthStatus.Degraded);
        Assert.Contains("the behind projection is", result.Description);
    }

    [Fact]
    public async Task a_projection_behind_because_its_store_is_away_is_degraded()
    {
        var loop = Loop(_ => throw new InvalidOperationException("store away"));
        var result = await CheckWhileRunning(loop, HealthStatus.Degraded);
        Assert.Contains("not answering", result.Description);
    }

    [Fact]
    public async Task a_projection_at_the_end_of_its_table_is_healthy()
    {
        await CheckWhileRunning(Loop(_ => Task.FromResult(false)), HealthStatus.Healthy);
    }

    private static ProjectionLoop Loop(Func<CancellationToken, Task<bool>> step) =>
        new("behind", async ct =>
        {
            await Task.Delay(5, ct);
            return await step(ct);
        }, TimeSpan.FromMilliseconds(5), NullLogger<ProjectionLoop>.Instance, Infrastructure.TestMetrics.Create());

    private static async Task<HealthCheckResult> CheckWhileRunning(ProjectionLoop loop, HealthStatus expected)
    {
        var check = new ProjectionLagCheck([loop], Limit);
        await loop.StartAsync(CancellationToken.None);
        try
        {
            var result = await check.CheckHealthAsync(new HealthCheckContext());
            await Infrastructure.Poll.Until(async () =>
            {
                result = await check.CheckHealthAsync(new HealthCheckContext());
                return result.Status == expected;
            }, $"the check to say {expected}");
            return result;
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }
}
