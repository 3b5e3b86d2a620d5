using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;
using Xunit.Abstractions;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>A node stopped with SIGTERM (systemd, Kubernetes, a rolling restart) leaves nothing half-done behind it.</summary>
[Collection(ThreeNodes.Collection)]
public sealed class GracefulShutdownTests(ThreeNodes cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task statements_sent_just_before_sigterm_are_acknowledged_and_durable_or_refused_as_retryable_and_sockets_close_with_1001()
    {
        await cluster.EnsureAllRunningAsync();
        var learners = await NodeLossTests.NewLearnersAsync(cluster, 8);
        var node = cluster.Nodes[2];
        await using var watcher = await WsClient.ConnectAsync(node.Address);
        await watcher.InitAsync(cluster.AdminToken);
        await watcher.SubscribeAsync("b", "subscription($id: ID!) { badgeAwarded(learnerId: $id) { badgeId } }", new { id = learners[0] });

        // A client that sends to this node only and retries nothing: every answer is what the node itself made of it.
        await using var driver = new LoadDriver([node], cluster.AdminToken, learners, perSecond: 100, Retrying.RefusedConnectionsOnly).Start();
        await driver.UntilMoreAcknowledgedAsync(30, TimeSpan.FromSeconds(30));
        var closed = watcher.ClosedWithAsync();
        var terminated = node.TerminateAsync();
        // While it drains, the node tells the load balancer it is not ready, and still answers.
        await Poll.Until(async () => await node.ReadinessAsync() == System.Net.HttpStatusCode.ServiceUnavailable, "the stopping node to answer 503 on /health/ready");
        Assert.Equal(0, await terminated);
        var stopped = driver.StopAsync();
        // Statements that found the node gone retry on it forever (a refused connection is the balancer's retry); end them.
        node.Start();
        await stopped;
        await node.WaitReadyAsync();

        output.WriteLine($"SIGTERM under 100 statements/s: {driver.Describe()}");
        Assert.Equal(1001, await closed);
        // Refused with a retryable code is fine (the client sends again with the key), and acknowledged must mean recorded.
        // A connection may be cut only under a request the node never started: one sent on an idle keep-alive connection
        // just as the stopping server closed it (HTTP/1.1's race, a load balancer's retry); a request the node had taken
        // in is finished before it exits, so a cut statement is never in the ledger.
        driver.AssertOnlyRetryableFailures();
        await LedgerAudit.AssertRecordedOnceAsync(cluster.Postgres, driver.Acknowledged.Select(a => a.Key).ToList());
        await LedgerAudit.AssertNotRecordedAsync(cluster.Postgres, driver.Failures.Where(f => f.What == LoadDriver.ConnectionLost).Select(f => f.Key).ToList());
        await LedgerAudit.AssertNothingHalfWrittenAsync(cluster.Postgres, learners);
        await LedgerAudit.AssertLedgersVerifyAsync(cluster.Client(0), learners);
    }
}
