using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>The cluster's stores taken away under load and given back: the nodes ride it out and recover without a restart.</summary>
[Collection(ThreeNodes.Collection)]
public sealed class StoreLossTests(ThreeNodes cluster, ITestOutputHelper output)
{
    private const int PerSecond = 20;

    [Fact]
    public async Task while_postgres_restarts_requests_fail_fast_with_a_retryable_code_and_the_nodes_recover_on_their_own()
    {
        await cluster.EnsureAllRunningAsync();
        var learners = await NodeLossTests.NewLearnersAsync(cluster, 12);
        await using var driver = new LoadDriver(cluster.Nodes, cluster.AdminToken, learners, PerSecond, Retrying.RetryableErrors).Start();

        await driver.UntilMoreAcknowledgedAsync(2 * PerSecond, TimeSpan.FromSeconds(30));
        await cluster.Postgres.StopAsync();
        // Down long enough for every node to have been asked many times.
        await Poll.Until(() => Task.FromResult(driver.Failures.Count >= 3 * PerSecond), "requests to fail while PostgreSQL is down");
        var firstActivations = await ReadUnseenLearnersAsync(24);
        await cluster.Postgres.StartAgainAsync();
        await driver.UntilMoreAcknowledgedAsync(5 * PerSecond, TimeSpan.FromSeconds(60));
        await driver.StopAsync();

        output.WriteLine($"PostgreSQL restart: {driver.Describe()}; slowest failure {driver.Failures.Max(f => f.Took).TotalSeconds:0.00} s");
        Assert.True(driver.GaveUp.IsEmpty, driver.Describe());
        driver.AssertOnlyRetryableFailures();
        // Failing fast: no failure held its client anywhere near the 30 s request limit.
        Assert.All(driver.Failures, f => Assert.True(f.Took < TimeSpan.FromSeconds(10), $"{f.Node} took {f.Took} to answer {f.What}"));
        Assert.All(cluster.Nodes, n => Assert.True(n.IsRunning, $"{n.Name} stopped:\n{n.LogTail()}"));
        await NodeLossTests.AuditAsync(cluster, driver, learners);
        // A grain activated while the database is away cannot read its state: whichever node holds it, the caller hears
        // the same retryable code as for any other call that needed the database, not an internal error.
        Assert.All(firstActivations, code => Assert.Equal("SERVICE_UNAVAILABLE", code));
    }

    /// <summary>Asks each node in turn about learners no grain has been activated for (so each request activates one,
    /// on whichever node the cluster places it), and returns the error code of each answer.</summary>
    private async Task<List<string?>> ReadUnseenLearnersAsync(int count)
    {
        var codes = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            var response = await cluster.Client(i % cluster.Nodes.Count)
                .PostAsync("query($id: ID!) { learner(id: $id) { id } }", new { id = $"unseen-{Guid.NewGuid():n}" });
            codes.Add(response.FirstErrorCode);
        }
        output.WriteLine($"first activations while PostgreSQL is down: {string.Join(", ", codes.GroupBy(c => c ?? "ok").Select(g => $"{g.Key} ×{g.Count()}"))}");
        return codes;
    }

    [Fact]
    public async Task after_redis_is_lost_under_load_the_boards_catch_up_and_events_reach_subscribers_on_every_node()
    {
        await cluster.EnsureAllRunningAsync();
        var learners = await NodeLossTests.NewLearnersAsync(cluster, 12);
        var watchers = new List<WsClient>();
        foreach (var node in cluster.Nodes)
        {
            var watcher = await WsClient.ConnectAsync(node.Address);
            await watcher.InitAsync(cluster.AdminToken);
            await watcher.SubscribeAsync("b", "subscription($id: ID!) { badgeAwarded(learnerId: $id) { badgeId } }", new { id = learners[0] });
            watchers.Add(watcher);
        }
        await using var driver = new LoadDriver(cluster.Nodes, cluster.AdminToken, learners, PerSecond, Retrying.RetryableErrors).Start();

        await driver.UntilMoreAcknowledgedAsync(2 * PerSecond, TimeSpan.FromSeconds(30));
        await cluster.Redis.StopAsync();
        await driver.UntilMoreAcknowledgedAsync(3 * PerSecond, TimeSpan.FromSeconds(30));   // awards do not wait for Redis
        (await cluster.Client(1).PostAsync("query { learnerLeaderboard(first: 3) { totalCount } }")).AssertError("SERVICE_UNAVAILABLE");
        await cluster.Redis.StartAgainAsync();   // back, empty: the projectors rebuild the boards from the ledger
        await driver.UntilMoreAcknowledgedAsync(2 * PerSecond, TimeSpan.FromSeconds(30));
        await driver.StopAsync();
        output.WriteLine($"Redis lost: {driver.Describe()}");
        Assert.True(driver.GaveUp.IsEmpty, driver.Describe());
        driver.AssertOnlyRetryableFailures();
        await NodeLossTests.AuditAsync(cluster, driver, learners);

        // Every node has subscribed to the event channel again; then one award is heard on all three.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Endpoint))
        {
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await Poll.Until(async () => await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal("gamified:board:live")) >= cluster.Nodes.Count,
                "every node to subscribe to the event channel again");
        }
        await cluster.Client(0).QueryAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learners[0], badgeId = "after-redis", reason = "Redis 恢复之后" } });
        foreach (var watcher in watchers)
        {
            var heard = await watcher.ReceiveAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("after-redis", heard?["payload"]?["data"]?["badgeAwarded"]?["badgeId"]?.GetValue<string>());
            await watcher.DisposeAsync();
        }
    }
}
