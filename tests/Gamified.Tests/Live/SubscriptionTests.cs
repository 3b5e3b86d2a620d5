using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Live;

public sealed class LiveFixture : IAsyncLifetime
{
    public GamifiedServer Server { get; private set; } = null!;

    // Short, so the test of a client that never initialises is quick; not so short that a loaded machine's pause between
    // opening a socket and sending connection_init (1 s once was) closes the other tests' sockets with 4408.
    public async Task InitializeAsync() =>
        Server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--GraphQL:WebSocketInitTimeout=00:00:04");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The graphql-transport-ws protocol, case by case, and live events over it.</summary>
public sealed class SubscriptionTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    private GamifiedServer Server => fixture.Server;
    private string AdminToken => Server.Services.GetRequiredServiceOf<LocalTokens>().Issue("live-admin", [Roles.Admin]);

    [Fact]
    public async Task a_client_without_the_subprotocol_is_closed_with_4406()
    {
        await using var client = await WsClient.ConnectAsync(Server.Address, subProtocol: null);
        Assert.Equal(4406, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task a_client_that_never_initialises_is_closed_with_4408()
    {
        await using var client = await WsClient.ConnectAsync(Server.Address);
        Assert.Equal(4408, await client.ClosedWithAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    public async Task initialising_without_a_valid_token_is_closed_with_4403(string? authorization)
    {
        await using var client = await WsClient.ConnectAsync(Server.Address);
        await client.SendAsync(new { type = "connection_init", payload = new { authorization } });
        Assert.Equal(4403, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task subscribing_before_the_ack_is_closed_with_4401_and_a_second_init_with_4429()
    {
        await using (var early = await WsClient.ConnectAsync(Server.Address))
        {
            await early.SendAsync(new { id = "1", type = "subscribe", payload = new { query = "subscription { leaderboardChanged { version } }" } });
            Assert.Equal(4401, await early.ClosedWithAsync());
        }
        await using var twice = await WsClient.ConnectAsync(Server.Address);
        await twice.InitAsync(AdminToken);
        await twice.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + AdminToken } });
        Assert.Equal(4429, await twice.ClosedWithAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"type\": \"launch\"}")]
    [InlineData("{\"type\": \"subscribe\", \"payload\": {\"query\": \"{ departments { id } }\"}}")]
    [InlineData("[1, 2, 3]")]
    public async Task a_malformed_message_is_closed_with_4400(string message)
    {
        await using var client = await WsClient.ConnectAsync(Server.Address);
        await client.InitAsync(AdminToken);
        await client.SendRawAsync(message);
        Assert.Equal(4400, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task a_second_subscriber_with_the_same_id_is_closed_with_4409_and_ping_gets_pong()
    {
        await using var client = await WsClient.ConnectAsync(Server.Address);
        await client.InitAsync(AdminToken);
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync())!["type"]!.GetValue<string>());
        await client.SendAsync(new { id = "same", type = "subscribe", payload = new { query = "subscription { leaderboardChanged { version } }" } });
        await client.SendAsync(new { id = "same", type = "subscribe", payload = new { query = "subscription { leaderboardChanged { version } }" } });
        Assert.Equal(4409, await client.ClosedWithAsync());
    }

    [Fact]
    public async Task a_query_over_the_socket_answers_next_then_complete_and_a_bad_one_answers_error()
    {
        await using var client = await WsClient.ConnectAsync(Server.Address);
        await client.InitAsync(AdminToken);
        await client.SendAsync(new { id = "q", type = "subscribe", payload = new { query = "{ departments { id } }" } });
        var next = await client.ReceiveAsync();
        Assert.Equal(("next", "q"), (next!["type"]!.GetValue<string>(), next["id"]!.GetValue<string>()));
        Assert.NotNull(next["payload"]!["data"]!["departments"]);
        Assert.Equal("complete", (await client.ReceiveAsync())!["type"]!.GetValue<string>());

        await client.SendAsync(new { id = "bad", type = "subscribe", payload = new { query = "subscription { noSuchEvent }" } });
        var error = await client.ReceiveAsync();
        Assert.Equal(("error", "bad"), (error!["type"]!.GetValue<string>(), error["id"]!.GetValue<string>()));
        Assert.NotEmpty(error["payload"]!.AsArray());
    }

    [Fact]
    public async Task a_learner_hears_their_badge_and_a_watcher_sees_the_board_move_after_an_award()
    {
        var admin = new Scenario(Server.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());
        var learnerToken = Server.Services.GetRequiredServiceOf<LocalTokens>().Issue(learner, [Roles.Learner]);

        await using var mine = await WsClient.ConnectAsync(Server.Address);
        await mine.InitAsync(learnerToken);
        await mine.SubscribeAsync("b", "subscription($id: ID!) { badgeAwarded(learnerId: $id) { badgeId reason } }", new { id = learner });
        await using var watcher = await WsClient.ConnectAsync(Server.Address);
        await watcher.InitAsync(AdminToken);
        await watcher.SubscribeAsync("board", "subscription { leaderboardChanged(window: THIS_WEEK) { version top { score name } } }");

        await Server.Client.QueryAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "live-star", reason = "直播测试" } });
        (await admin.RecordActivityAsync(learner, "live-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();

        var badge = await mine.ReceiveAsync();
        Assert.Equal("live-star", badge!["payload"]!["data"]!["badgeAwarded"]!["badgeId"]!.GetValue<string>());
        var moved = await watcher.ReceiveAsync();
        Assert.Equal("next", moved!["type"]!.GetValue<string>());
        Assert.True(moved["payload"]!["data"]!["leaderboardChanged"]!["version"]!.GetValue<int>() > 0);
        Assert.NotEmpty(moved["payload"]!["data"]!["leaderboardChanged"]!["top"]!.AsArray());

        // Another learner may not listen to this learner's badges.
        var stranger = Server.Services.GetRequiredServiceOf<LocalTokens>().Issue("stranger", [Roles.Learner]);
        await using var snoop = await WsClient.ConnectAsync(Server.Address);
        await snoop.InitAsync(stranger);
        await snoop.SendAsync(new { id = "s", type = "subscribe", payload = new { query = "subscription($id: ID!) { badgeAwarded(learnerId: $id) { badgeId } }", variables = new { id = learner } } });
        var refused = await snoop.ReceiveAsync();
        Assert.Equal("error", refused!["type"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
