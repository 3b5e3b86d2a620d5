using Gamified.Common;
using Gamified.Directory;
using Gamified.Storage.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gamified.Server.Hosting;

/// <summary>Ready when a grain answers (the silo is up and can read its state) and the database answers.</summary>
internal sealed class ReadinessCheck(IGrainFactory grains, GamifiedDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            // Past the node's command slots: a node busy with slow reports is still ready, and a probe that queued behind
            // them would have the load balancer pull healthy nodes one after another.
            await using (var connection = await database.OpenAsync(timeout.Token))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(timeout.Token);
            }
            await grains.Directory().List(DirectoryKind.Department).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("Silo or storage is not answering.", exception);
        }
    }
}
