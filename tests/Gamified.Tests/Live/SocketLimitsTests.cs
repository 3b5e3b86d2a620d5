using System.Diagnostics;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Api.Transport;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Live;

/// <summary>A WebSocket is no way around the limits HTTP enforces: rate limits, the time limit, and how much one user may hold open.</summary>
public sealed class SocketLimitsTests
{
    private const string Departments = "{ departments { id } }";
    private const string Board = "subscription { leaderboardChanged { version } }";

    private static string Token(GamifiedServer server, string subject, TimeSpan? lifetime = null) =>
        server.Services.GetRequiredServiceOf<LocalTokens>().Issue(subject, [Roles.Learner], lifetime: lifetime);

    private static async Task<WsClient> OpenAsync(GamifiedServer server, string token)
    {
        var client = await WsClient.ConnectAsync(server.Address);
        await client.InitAsync(token);
        return client;
    }

    /// <summary>The answer to one operation: its first message (next or error).</summary>
    private static async Task<JsonNode> RunAsync(WsClient client, string id, string query)
    {
        await client.SendAsync(new { id, type = "subscribe", payload = new { query } });
        var answer = await client.ReceiveAsync();
        Assert.NotNull(answer);
        Assert.Equal(id, answer["id"]!.GetValue<string>());
        if (answer["type"]!.GetValue<string>() == "next") Assert.Equal("complete", (await client.ReceiveAsync())!["type"]!.GetValue<string>());
        return answer;
    }

    private static string? ErrorCode(JsonNode answer) =>
        answer["type"]!.GetValue<string>() == "error" ? answer["payload"]![0]!["extensions"]!["code"]!.GetValue<string>() : null;

    [Fact]
    public async Task operations_over_a_socket_count_against_the_users_rate_limit_shared_with_http()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--RateLimits:PerUserPerMinute=5");
        var token = Token(server, "socket-spammer");
        await using var client = await OpenAsync(server, token);   // the upgrade carries no token: it counts for the address only

        var answers = new List<JsonNode>();
        for (var i = 0; i < 7; i++) answers.Add(await RunAsync(client, $"q{i}", Departments));

        Assert.Equal([null, null, null, null, null, "RATE_LIMITED", "RATE_LIMITED"], answers.Select(ErrorCode));
        Assert.True(answers[5]["payload"]![0]!["extensions"]!["retryAfterSeconds"]!.GetValue<int>() > 0);
        // The same window holds for the user's HTTP requests, and the socket stays usable for what is already running.
        var http = await server.ClientWithToken(token).PostAsync(Departments);
        Assert.Equal(429, http.Status);
        (await server.ClientAs("someone-else", [Roles.Learner]).PostAsync(Departments)).AssertNoErrors();
    }

    [Fact]
    public async Task one_address_over_its_limit_is_refused_over_sockets_whoever_signs_in()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--RateLimits:PerAddressPerMinute=6");
        var codes = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            await using var client = await OpenAsync(server, Token(server, $"address-user-{i}"));
            for (var j = 0; j < 3; j++) codes.Add(ErrorCode(await RunAsync(client, $"q{j}", Departments)));
        }

        // Two upgrades and four operations fill the address's six permits.
        Assert.Equal([null, null, null, null, "RATE_LIMITED", "RATE_LIMITED"], codes);
    }

    [Fact]
    public async Task a_mutation_over_a_socket_is_stopped_at_the_execution_timeout()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        // Long enough for the set-up requests on a busy machine; far shorter than SQLite's 30 s wait for the lock below.
        await using var server = await GamifiedServer.StartAsync(storage, "--GraphQL:ExecutionTimeout=00:00:05");
        var scenario = new Scenario(server.Client);
        var learner = await scenario.RegisterLearnerAsync(await scenario.CreateDepartmentAsync());
        await using var client = await OpenAsync(server, server.Services.GetRequiredServiceOf<LocalTokens>().Issue("socket-admin", [Roles.Admin]));

        // Another process holds the database's write lock: the award cannot commit in time.
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storage.DatabaseFile}");
        await blocker.OpenAsync();
        await using (var begin = new Microsoft.Data.Sqlite.SqliteCommand("BEGIN IMMEDIATE", blocker)) await begin.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await client.SendAsync(new
        {
            id = "slow",
            type = "subscribe",
            payload = new
            {
                query = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpTotal } userErrors { code message field } } }",
                variables = new { input = new { learnerId = learner, idempotencyKey = "slow-socket", verb = "COMPLETED", @object = new { id = "lesson-1", kind = "LESSON" } } },
            },
        });
        var answer = await client.ReceiveAsync(TimeSpan.FromSeconds(25));
        await using (var rollback = new Microsoft.Data.Sqlite.SqliteCommand("ROLLBACK", blocker)) await rollback.ExecuteNonQueryAsync();

        Assert.Equal("TIMEOUT", ErrorCode(answer!));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"answered after {watch.Elapsed}");   // the timeout, not the lock wait
        // The connection goes on.
        Assert.Null(ErrorCode(await RunAsync(client, "after", Departments)));
    }

    [Fact]
    public async Task a_socket_holds_a_bounded_number_of_subscriptions()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--WebSockets:MaxSubscriptionsPerSocket=2");
        await using var client = await OpenAsync(server, Token(server, "many-subscriptions"));
        await client.SendAsync(new { id = "s1", type = "subscribe", payload = new { query = Board } });
        await client.SendAsync(new { id = "s2", type = "subscribe", payload = new { query = Board } });

        var refused = await RunAsync(client, "s3", Board);
        Assert.Equal("TOO_MANY_SUBSCRIPTIONS", ErrorCode(refused));

        await client.SendAsync(new { id = "s1", type = "complete" });
        Assert.Null(ErrorCode(await RunAsync(client, "q", Departments)));
    }

    [Fact]
    public async Task a_user_holds_a_bounded_number_of_sockets_and_one_more_is_closed_with_4429()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--WebSockets:MaxSocketsPerUser=2");
        var token = Token(server, "many-sockets");
        var first = await OpenAsync(server, token);
        await using var second = await OpenAsync(server, token);

        await using (var third = await WsClient.ConnectAsync(server.Address))
        {
            await third.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
            Assert.Equal(4429, await third.ClosedWithAsync());
        }
        // Others are not affected, and a socket closed frees its place.
        await using (var other = await OpenAsync(server, Token(server, "someone-else")))
            Assert.Null(ErrorCode(await RunAsync(other, "q", Departments)));
        await first.DisposeAsync();
        var open = server.Services.GetRequiredServiceOf<OpenSockets>();
        var watch = Stopwatch.StartNew();
        while (open.Count("many-sockets") > 1 && watch.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(50);
        await using var again = await OpenAsync(server, token);
        Assert.Null(ErrorCode(await RunAsync(again, "q", Departments)));
    }

    [Fact]
    public async Task a_socket_is_closed_with_4403_when_its_token_expires_and_a_fresh_token_continues()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Auth:ClockSkew=00:00:00");
        await using var client = await OpenAsync(server, Token(server, "short-lived", TimeSpan.FromSeconds(3)));
        await client.SendAsync(new { id = "board", type = "subscribe", payload = new { query = Board } });

        Assert.Equal(4403, await client.ClosedWithAsync());

        // The client reconnects with a fresh token and subscribes again.
        await using var renewed = await OpenAsync(server, Token(server, "short-lived"));
        Assert.Null(ErrorCode(await RunAsync(renewed, "q", Departments)));
    }

    [Fact]
    public async Task a_ping_carrying_a_fresh_token_keeps_the_session_past_the_old_expiry_and_another_users_token_closes_it()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Auth:ClockSkew=00:00:00");
        var admin = new Scenario(server.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());
        var expires = DateTime.UtcNow.AddSeconds(3);
        await using var client = await OpenAsync(server, Token(server, "renewing", TimeSpan.FromSeconds(3)));
        await client.SendAsync(new { id = "board", type = "subscribe", payload = new { query = Board } });

        await client.SendAsync(new { type = "ping", payload = new { authorization = "Bearer " + Token(server, "renewing") } });
        Assert.Equal("pong", (await client.ReceiveAsync())!["type"]!.GetValue<string>());
        // Past the first token's expiry the connection still answers, and its subscription still hears the board move.
        while (DateTime.UtcNow < expires.AddSeconds(1))
        {
            await client.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await client.ReceiveAsync())!["type"]!.GetValue<string>());
        }
        (await admin.RecordActivityAsync(learner, "after-renewal")).AssertNoErrors();
        var moved = await client.ReceiveAsync();
        Assert.Equal(("next", "board"), (moved!["type"]!.GetValue<string>(), moved["id"]!.GetValue<string>()));

        await client.SendAsync(new { type = "ping", payload = new { authorization = "Bearer " + Token(server, "someone-else") } });
        Assert.Equal(4403, await client.ClosedWithAsync());
    }
}
