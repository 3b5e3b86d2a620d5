using System.Net;
using Gamified.Api.Security;
using Gamified.Server.Hosting;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

[Collection(SqliteServerCollection.Name)]
public sealed class HardeningTests(SqliteServerFixture fixture)
{
    private GraphQLClient Admin => fixture.Server.Client;

    [Fact]
    public async Task a_query_nested_deeper_than_the_limit_is_refused_before_it_runs()
    {
        // department → parent → parent … thirty levels deep.
        var nested = "id";
        for (var i = 0; i < 30; i++) nested = $"parent {{ {nested} }}";

        var response = await Admin.PostAsync($"{{ departments {{ {nested} }} }}");

        Assert.Equal(400, response.Status);
        Assert.NotNull(response.RefusalCode);
        Assert.Contains("depth", response.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task the_complexity_limit_counts_first()
    {
        const string query = "query($id: ID!, $first: Int) { learner(id: $id) { ledger(first: $first) { edges { node { seq amount reason hash previousHash occurredAt recordedAt } } } } }";
        var small = await Admin.PostAsync(query, new { id = "someone", first = 10 });
        var huge = await Admin.PostAsync(query, new { id = "someone", first = 1_000_000 });

        small.AssertNoErrors();
        Assert.Equal(400, huge.Status);
        Assert.Contains("complexity", huge.Body!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task introspection_answers_in_development_and_not_when_switched_off()
    {
        await using var locked = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--GraphQL:EnableIntrospection=false");

        var open = await Admin.PostAsync("{ __schema { queryType { name } } }");
        var closed = await locked.Client.PostAsync("{ __schema { queryType { name } } }");

        open.AssertNoErrors();
        Assert.Equal(400, closed.Status);
        Assert.NotNull(closed.RefusalCode);
    }

    [Fact]
    public async Task a_user_over_the_rate_limit_gets_429_with_retry_after_and_others_are_unaffected()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--RateLimits:PerUserPerMinute=5");
        var busy = server.ClientAs("busy-user", [Roles.Learner]);
        var calm = server.ClientAs("calm-user", [Roles.Learner]);

        for (var i = 0; i < 5; i++) (await busy.PostAsync("{ departments { id } }")).AssertNoErrors();
        using var refused = await busy.Http.PostAsync("/graphql", new StringContent("{\"query\":\"{ departments { id } }\"}", System.Text.Encoding.UTF8, "application/json"));
        var body = await GraphQLResponse.ReadAsync(refused);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        body.AssertError("RATE_LIMITED");
        (await calm.PostAsync("{ departments { id } }")).AssertNoErrors();
    }

    [Fact]
    public async Task hammering_a_csv_report_is_rate_limited_like_graphql()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--RateLimits:PerUserPerMinute=3");
        var manager = server.ClientAs("csv-user", [Roles.Manager], [Roles.AllDepartments]);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await manager.Http.GetAsync("/reports/stale-packages.csv")).StatusCode);
        using var refused = await manager.Http.GetAsync("/reports/department-analytics.csv");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        (await GraphQLResponse.ReadAsync(refused)).AssertError("RATE_LIMITED");
    }

    [Fact]
    public async Task one_client_address_over_its_limit_is_refused_whoever_it_signs_in_as()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--RateLimits:PerAddressPerMinute=6");
        var clients = Enumerable.Range(0, 7).Select(i => server.ClientAs($"user-{i}", [Roles.Learner])).ToList();

        var statuses = new List<int>();
        foreach (var client in clients) statuses.Add((await client.PostAsync("{ departments { id } }")).Status);

        Assert.Equal(6, statuses.Count(s => s == 200));
        Assert.Equal(429, statuses[^1]);
        // The public certificate check (no sign-in needed) counts in the same address's window.
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(429, (int)(await anonymous.GetAsync("/certificates/AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
    }

    [Fact]
    public async Task a_request_over_the_time_limit_is_a_503_timeout_and_its_retry_awards_once()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        await using var server = await GamifiedServer.StartAsync(storage, "--GraphQL:ExecutionTimeout=00:00:05");
        var scenario = new Scenario(server.Client);
        var learner = await scenario.RegisterLearnerAsync(await scenario.CreateDepartmentAsync());

        // Another process holds the database's write lock: the award cannot commit in time.
        await using (var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storage.DatabaseFile}"))
        {
            await blocker.OpenAsync();
            await using (var begin = new Microsoft.Data.Sqlite.SqliteCommand("BEGIN IMMEDIATE", blocker)) await begin.ExecuteNonQueryAsync();
            var stalled = await scenario.RecordActivityAsync(learner, "slow-1");
            Assert.Equal(503, stalled.Status);
            stalled.AssertError("TIMEOUT");
            await using var rollback = new Microsoft.Data.Sqlite.SqliteCommand("ROLLBACK", blocker);
            await rollback.ExecuteNonQueryAsync();
        }

        var retry = (await scenario.RecordActivityAsync(learner, "slow-1")).AssertNoErrors();
        Assert.Equal(10, retry.Data!["recordActivity"]!["activityRecorded"]!["xpTotal"]!.GetValue<int>());
        Assert.Equal(10, (await scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
        Assert.Single(await scenario.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task in_production_the_server_refuses_to_start_without_an_identity_provider()
    {
        // Neither an external provider nor the built-in one (which is an identity provider of its own).
        var app = GamifiedHost.Build(["--environment=Production", "--Urls=http://127.0.0.1:0", "--Auth:BuiltInProvider:Enabled=false",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}"]);

        var refusal = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedHost.StartAsync(app));
        Assert.Contains("Auth:Authority", refusal.Message);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task the_token_command_issues_a_token_the_server_accepts()
    {
        var (server, storage) = (fixture.Server, (SqliteStorage)fixture.Storage);
        var output = new StringWriter();
        var original = Console.Out;
        int exit;
        Console.SetOut(output);
        try
        {
            exit = await Gamified.Server.Commands.TokenCommand.Run(["--sub", "cli-admin", "--role", "admin", $"--Storage:DataDirectory={storage.DataDirectory}"]);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(0, exit);
        var client = server.ClientWithToken(output.ToString().Trim());
        (await client.PostAsync("{ auditLog { edges { node { action } } } }")).AssertNoErrors();
        Assert.Equal(2, await Gamified.Server.Commands.TokenCommand.Run(["--sub", "x", "--role", "emperor"]));
    }
}
