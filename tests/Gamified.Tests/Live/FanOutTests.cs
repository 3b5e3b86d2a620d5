using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Live;

/// <summary>Two nodes on one PostgreSQL and one Redis: a subscriber on one node hears what happens on the other (events and inbox notices).</summary>
public sealed class FanOutTests
{
    [Fact]
    public async Task a_subscriber_on_node_a_sees_an_award_made_on_node_b()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        string[] shared = [$"--Orleans:ClusterId=fan-{Guid.NewGuid():n}", $"--Leaderboards:Redis={TestRedis.Endpoint}",
            $"--Leaderboards:RedisKeyPrefix=fan-{Guid.NewGuid():n}:"];
        await using var nodeA = await GamifiedServer.StartAsync(storage, shared);
        await using var nodeB = await GamifiedServer.StartAsync(storage, shared);
        var adminB = new Scenario(nodeB.Client);
        var learner = await adminB.RegisterLearnerAsync(await adminB.CreateDepartmentAsync());

        await using var watcher = await WsClient.ConnectAsync(nodeA.Address);
        await watcher.InitAsync(nodeA.Services.GetRequiredServiceOf<LocalTokens>().Issue("watcher", [Roles.Admin]));
        await watcher.SubscribeAsync("b", "subscription($id: ID!) { badgeAwarded(learnerId: $id) { badgeId } }", new { id = learner });
        await using var inbox = await WsClient.ConnectAsync(nodeA.Address);
        await inbox.InitAsync(nodeA.Services.GetRequiredServiceOf<LocalTokens>().Issue(learner, [Roles.Learner]));
        await inbox.SubscribeAsync("n", "subscription { notificationReceived { kind } }");

        // The learner's grain may live on either node; the award is made through node B and heard on node A through Redis.
        await nodeB.Client.QueryAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "far-away", reason = "跨节点" } });
        var heard = await watcher.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("far-away", heard!["payload"]!["data"]!["badgeAwarded"]!["badgeId"]!.GetValue<string>());
        // The learner's inbox notice travels the same way.
        var notice = await inbox.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("BADGE_EARNED", notice!["payload"]!["data"]!["notificationReceived"]!["kind"]!.GetValue<string>());
    }
}
