using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Leaderboards;

/// <summary>Boards over GraphQL, fed from the ledger, on the in-process store and on a real Redis.</summary>
public abstract class LeaderboardQueryTests
{
    protected Task<GamifiedServer> StartAsync(params string[] arguments) => StartAsync(null, arguments);

    protected abstract Task<GamifiedServer> StartAsync(TimeProvider? clock, params string[] arguments);

    private const string Board = """
        query($window: LeaderboardWindow, $department: ID, $first: Int, $after: String) {
          learnerLeaderboard(window: $window, departmentId: $department, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { node { rank score name departmentId isMe } }
          }
        }
        """;

    [Fact]
    public async Task learners_and_departments_are_ranked_from_the_ledger_with_the_names_they_chose()
    {
        await using var server = await StartAsync("--Leaderboards:MinActiveLearners=2");
        var admin = new Scenario(server.Client);
        var (big, small) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var register = "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id pseudonym } userErrors { code message field } } }";
        var zhang = (await server.Client.QueryAsync(register, new { input = new { id = Scenario.NewId("l"), displayName = "张伟", departmentId = big, visibility = "REAL_NAME" } }))["registerLearner"]!["learner"]!;
        var li = (await server.Client.QueryAsync(register, new { input = new { id = Scenario.NewId("l"), displayName = "李娜", departmentId = big, visibility = "PSEUDONYM" } }))["registerLearner"]!["learner"]!;
        var zhao = (await server.Client.QueryAsync(register, new { input = new { id = Scenario.NewId("l"), displayName = "赵敏", departmentId = small, visibility = "HIDDEN" } }))["registerLearner"]!["learner"]!;
        string Id(JsonNode n) => n["id"]!.GetValue<string>();

        (await admin.RecordActivityAsync(Id(zhang), "z1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();   // 20
        (await admin.RecordActivityAsync(Id(li), "l1")).AssertNoErrors();                                         // 10
        (await admin.RecordActivityAsync(Id(zhao), "h1", verb: "PASSED", objectKind: "QUIZ", objectId: "q2")).AssertNoErrors();
        (await admin.RecordActivityAsync(Id(zhao), "h2", verb: "COMPLETED")).AssertNoErrors();                   // 30

        var asLi = server.ClientAs(Id(li), [Roles.Learner]);
        // Wait for every award to be projected, not just for three members.
        var board = await Poll.Until(() => asLi.QueryAsync(Board, new { window = "THIS_WEEK" }),
            b => b["learnerLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == 60);
        var rows = board["learnerLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(["匿名学员", "张伟", li["pseudonym"]!.GetValue<string>()], rows.Select(r => r["name"]!.GetValue<string>()));
        Assert.Equal([30, 20, 10], rows.Select(r => r["score"]!.GetValue<int>()));
        Assert.Null(rows[0]["departmentId"]);                       // hidden learners show no department either
        Assert.True(rows[2]["isMe"]!.GetValue<bool>());
        Assert.DoesNotContain(Id(zhao), board.ToJsonString());       // nor their id

        var mine = (await asLi.QueryAsync("{ myRank(around: 1) { me { rank score } above { rank name } below { rank } } }"))["myRank"]!;
        Assert.Equal((3, 10), (mine["me"]!["rank"]!.GetValue<int>(), mine["me"]!["score"]!.GetValue<int>()));
        Assert.Equal("张伟", mine["above"]![0]!["name"]!.GetValue<string>());
        Assert.Empty(mine["below"]!.AsArray());

        var departments = (await asLi.QueryAsync("{ departmentLeaderboard(measure: TOTAL_XP) { rank departmentId totalXp activeLearners members value grouped } }"))
            ["departmentLeaderboard"]!.AsArray();
        var row = departments.Single(d => d!["departmentId"]?.GetValue<string>() == big)!;
        Assert.Equal((30, 2, 30.0), (row["totalXp"]!.GetValue<int>(), row["activeLearners"]!.GetValue<int>(), row["value"]!.GetValue<double>()));
        Assert.DoesNotContain(departments, d => d!["departmentId"]?.GetValue<string>() == small);   // one active learner: under k = 2
        Assert.Contains(departments, d => d!["grouped"]!.GetValue<bool>() && d["totalXp"]!.GetValue<int>() >= 30);
        var perHead = (await asLi.QueryAsync("{ departmentLeaderboard(measure: XP_PER_ACTIVE_LEARNER) { departmentId value } }"))["departmentLeaderboard"]!.AsArray();
        Assert.Equal(15.0, perHead.Single(d => d!["departmentId"]?.GetValue<string>() == big)!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task pages_of_a_board_join_without_gaps_or_repeats()
    {
        await using var server = await StartAsync();
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learners = new List<string>();
        for (var i = 0; i < 12; i++) learners.Add(await admin.RegisterLearnerAsync(department));
        var n = 0;
        foreach (var learner in learners)
            for (var k = 0; k <= learners.IndexOf(learner) % 4; k++)
                (await admin.RecordActivityAsync(learner, $"p{n++}", objectId: $"o{n}")).AssertNoErrors();

        await Poll.Until(() => server.Client.QueryAsync(Board, new { department }), b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 12);
        var ranks = new List<int>();
        string? after = null;
        do
        {
            var page = (await server.Client.QueryAsync(Board, new { department, first = 5, after }))["learnerLeaderboard"]!;
            ranks.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["rank"]!.GetValue<int>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        } while (after is not null);
        Assert.Equal(Enumerable.Range(1, 12), ranks);
    }

    [Fact]
    public async Task the_today_board_starts_again_at_midnight_in_the_organisations_time_zone_and_a_rebuild_agrees()
    {
        var clock = new TestClock();
        await using var server = await StartAsync(clock);
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (before, after) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        // Two minutes before midnight in Asia/Shanghai (the default rewards calendar), whatever the machine's own zone.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), zone.GetUtcOffset(local.Date.AddDays(1)));
        clock.Advance(midnight - TimeSpan.FromMinutes(2) - clock.GetUtcNow());
        (await admin.RecordActivityAsync(before, "late-evening")).AssertNoErrors();
        async Task<IReadOnlyList<string?>> Today(int total) => (await Poll.Until(() => server.Client.QueryAsync(Board, new { window = "TODAY", department }),
                b => b["learnerLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == total))
            ["learnerLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]?.GetValue<string>()).ToList();
        Assert.Single(await Today(10));

        clock.Advance(TimeSpan.FromMinutes(4));
        (await admin.RecordActivityAsync(after, "early-morning", objectId: "lesson-2")).AssertNoErrors();
        await Poll.Until(() => server.Client.QueryAsync(Board, new { window = "ALL_TIME", department }),
            b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 2);
        var today = await server.Client.QueryAsync(Board, new { window = "TODAY", department });
        Assert.Equal(1, today["learnerLeaderboard"]!["totalCount"]!.GetValue<int>());   // yesterday evening's award is not today's

        // Rebuilt from the ledger, the day boards say the same.
        (await server.Client.PostAsync("mutation { rebuildLeaderboards { entriesProjected } }")).AssertNoErrors();
        var rebuilt = await server.Client.QueryAsync(Board, new { window = "TODAY", department });
        Assert.Equal(today["learnerLeaderboard"]!.ToJsonString(), rebuilt["learnerLeaderboard"]!.ToJsonString());
    }
}

public sealed class LeaderboardQueryTestsInProcess : LeaderboardQueryTests
{
    protected override Task<GamifiedServer> StartAsync(TimeProvider? clock, params string[] arguments) =>
        GamifiedServer.StartAsync(ServerStorage.NewSqlite(), clock, arguments);
}

public sealed class LeaderboardQueryTestsOnRedis : LeaderboardQueryTests
{
    protected override Task<GamifiedServer> StartAsync(TimeProvider? clock, params string[] arguments) => GamifiedServer.StartAsync(ServerStorage.NewSqlite(), clock,
        [$"--Leaderboards:Redis={TestRedis.Endpoint}", $"--Leaderboards:RedisKeyPrefix=test-{Guid.NewGuid():n}:", .. arguments]);
}
