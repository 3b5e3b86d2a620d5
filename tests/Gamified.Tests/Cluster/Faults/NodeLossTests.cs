using Gamified.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>
/// Three real nodes under a steady load of statements: one killed outright, then all three restarted one after another.
/// What must hold afterwards is the ledger's promise: every acknowledged statement recorded once, every chain intact,
/// every board equal to the ledger.
/// </summary>
[Collection(ThreeNodes.Collection)]
public sealed class NodeLossTests(ThreeNodes cluster, ITestOutputHelper output)
{
    private const int PerSecond = 20;

    [Fact]
    public async Task a_node_killed_under_load_costs_clients_only_retryable_errors_and_loses_no_acknowledged_statement()
    {
        await cluster.EnsureAllRunningAsync();
        var learners = await NewLearnersAsync(cluster, 12);
        await using var driver = new LoadDriver(cluster.Nodes, cluster.AdminToken, learners, PerSecond, Retrying.RetryableErrors).Start();

        await driver.UntilMoreAcknowledgedAsync(3 * PerSecond, TimeSpan.FromSeconds(30));
        await cluster.Nodes[1].KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        // Keep going through the failover: twenty seconds' worth of acknowledgements after the kill.
        await driver.UntilMoreAcknowledgedAsync(20 * PerSecond, TimeSpan.FromSeconds(90));
        cluster.Nodes[1].Start();
        await cluster.Nodes[1].WaitReadyAsync();
        await driver.UntilMoreAcknowledgedAsync(3 * PerSecond, TimeSpan.FromSeconds(30));
        await driver.StopAsync();

        output.WriteLine($"kill -9 at {killedAt:HH:mm:ss.fff}: {driver.Describe()}");
        if (!driver.Failures.IsEmpty)
            output.WriteLine($"failures from {driver.Failures.Min(f => f.At):HH:mm:ss.fff} to {driver.Failures.Max(f => f.At):HH:mm:ss.fff}");
        Assert.True(driver.GaveUp.IsEmpty, driver.Describe());
        driver.AssertOnlyRetryableFailures();
        await AuditAsync(cluster, driver, learners);
    }

    [Fact]
    public async Task a_rolling_restart_under_load_shows_clients_no_error_at_all()
    {
        await cluster.EnsureAllRunningAsync();
        var learners = await NewLearnersAsync(cluster, 12);
        await using var driver = new LoadDriver(cluster.Nodes, cluster.AdminToken, learners, PerSecond, Retrying.RefusedConnectionsOnly).Start();

        await driver.UntilMoreAcknowledgedAsync(2 * PerSecond, TimeSpan.FromSeconds(30));
        foreach (var node in cluster.Nodes)
        {
            Assert.Equal(0, await node.TerminateAsync());
            node.Start();
            await node.WaitReadyAsync();
            await driver.UntilMoreAcknowledgedAsync(PerSecond, TimeSpan.FromSeconds(30));
        }
        await driver.StopAsync();

        output.WriteLine($"rolling restart: {driver.Describe()}");
        Assert.True(driver.Failures.IsEmpty && driver.GaveUp.IsEmpty, driver.Describe());
        await AuditAsync(cluster, driver, learners);
    }

    internal static async Task<string[]> NewLearnersAsync(ThreeNodes cluster, int count)
    {
        var admin = new Scenario(cluster.Client(0));
        var department = await admin.CreateDepartmentAsync();
        var learners = new string[count];
        for (var i = 0; i < count; i++) learners[i] = await admin.RegisterLearnerAsync(department);
        return learners;
    }

    internal static async Task AuditAsync(ThreeNodes cluster, LoadDriver driver, string[] learners)
    {
        await LedgerAudit.AssertRecordedOnceAsync(cluster.Postgres, driver.Acknowledged.Select(a => a.Key).ToList());
        await LedgerAudit.AssertNothingHalfWrittenAsync(cluster.Postgres, learners);
        await LedgerAudit.AssertLedgersVerifyAsync(cluster.Client(0), learners);
        await LedgerAudit.AssertBoardsMatchLedgerAsync(cluster.Postgres, cluster.Redis, learners);
    }
}
