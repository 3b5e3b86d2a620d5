using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Leaderboards;

/// <summary>
/// Team boards and campaign windows over GraphQL, on the in-process store and on a real Redis. The two tests share a
/// server: the campaign test makes no team, and its campaign counts only its own department.
/// </summary>
public abstract class TeamAndCampaignBoardTests(ServerFixture fixture)
{

    [Fact]
    public async Task teams_are_ranked_by_what_their_members_earned_after_joining()
    {
        var server = fixture.Server;
        var admin = new Scenario(server.Client);
        var (roads, health) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var (a, b, c) = (await admin.RegisterLearnerAsync(roads), await admin.RegisterLearnerAsync(health), await admin.RegisterLearnerAsync(roads));
        (await admin.RecordActivityAsync(a, "before-joining")).AssertNoErrors();   // 10, stays with the learner

        var createTeam = "mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }";
        var (mixed, solo) = (Scenario.NewId("team"), Scenario.NewId("team"));
        await server.Client.QueryAsync(createTeam, new { input = new { id = mixed, names = new { zhCN = "跨部门数据共享小组", en = "Cross-department data sharing" } } });
        await server.Client.QueryAsync(createTeam, new { input = new { id = solo, names = new { zhCN = "窗口服务小组", en = "Service desk" } } });
        foreach (var (team, learner) in new[] { (mixed, a), (mixed, b), (solo, c) })
            await server.Client.QueryAsync("mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { id } userErrors { code message field } } }", new { input = new { teamId = team, learnerId = learner } });

        (await admin.RecordActivityAsync(a, "after-1")).AssertNoErrors();                                      // 10
        (await admin.RecordActivityAsync(b, "after-2", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();   // 20
        (await admin.RecordActivityAsync(c, "after-3", objectId: "lesson-2")).AssertNoErrors();                // 10

        var asC = server.ClientAs(c, [Roles.Learner]);
        var board = await Poll.Until(() => asC.QueryAsync("""
            { teamLeaderboard(window: THIS_MONTH) { totalCount edges { node { rank score teamId names { zhCN } members change } } } }
            """), b => b["teamLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == 40);
        var rows = board["teamLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal([(mixed, 30, 1, 2), (solo, 10, 2, 1)],
            rows.Select(r => (r["teamId"]!.GetValue<string>(), r["score"]!.GetValue<int>(), r["rank"]!.GetValue<int>(), r["members"]!.GetValue<int>())));
        Assert.Equal("跨部门数据共享小组", rows[0]["names"]!["zhCN"]!.GetValue<string>());
        Assert.All(rows, r => Assert.Null(r["change"]));   // both teams are new on today's board

        // The same board through the one query for every kind of board, entries told apart by their type.
        const string Any = """
            query($board: LeaderboardInput) {
              leaderboard(board: $board, window: THIS_MONTH) {
                totalCount edges { node { rank score change entry { __typename ... on TeamStanding { teamId } ... on LearnerStanding { name isMe }
                  ... on DepartmentStanding { departmentId grouped } } } }
              }
            }
            """;
        var teams = (await asC.QueryAsync(Any, new { board = new { kind = "TEAMS" } }))["leaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal([(mixed, 30.0), (solo, 10.0)], teams.Select(t => (t["entry"]!["teamId"]!.GetValue<string>(), t["score"]!.GetValue<double>())));
        var learners = (await asC.QueryAsync(Any, new { board = new { kind = "DEPARTMENT_LEARNERS", departmentId = roads } }))["leaderboard"]!;
        Assert.Equal(2, learners["totalCount"]!.GetValue<int>());
        Assert.Contains(learners["edges"]!.AsArray(), e => e!["node"]!["entry"]!["__typename"]!.GetValue<string>() == "LearnerStanding"
                                                            && e["node"]!["entry"]!["isMe"]!.GetValue<bool>());
        var departments = (await asC.QueryAsync(Any, new { board = new { kind = "DEPARTMENTS", measure = "TOTAL_XP" } }))["leaderboard"]!["edges"]!.AsArray();
        Assert.All(departments, d => Assert.Equal("DepartmentStanding", d!["node"]!["entry"]!["__typename"]!.GetValue<string>()));
        (await asC.PostAsync(Any, new { board = new { kind = "DEPARTMENT_LEARNERS" } })).AssertError("BAD_USER_INPUT");
        (await asC.PostAsync(Any, new { board = new { kind = "TEAMS", measure = "TOTAL_XP" } })).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task a_campaign_board_counts_the_xp_earned_in_its_window_by_its_departments_including_before_it_was_created()
    {
        var server = fixture.Server;
        var admin = new Scenario(server.Client);
        var (inside, outside) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var (a, b) = (await admin.RegisterLearnerAsync(inside), await admin.RegisterLearnerAsync(outside));
        (await admin.RecordActivityAsync(a, "before-the-campaign")).AssertNoErrors();
        (await admin.RecordActivityAsync(b, "elsewhere")).AssertNoErrors();

        var scheme = Scenario.NewId("scheme");
        var now = DateTimeOffset.UtcNow;
        var created = (await server.Client.QueryAsync("""
            mutation($input: SaveRewardSchemeInput!) { createRewardScheme(input: $input) { userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id = scheme,
                scheme = new
                {
                    names = new { zhCN = "数据共享宣传月", en = "Data sharing month" },
                    departmentIds = new[] { inside },
                    rules = new[] { new { id = "lesson", verb = "COMPLETED", objectKind = "LESSON", points = 5 } },
                    campaigns = new[] { new { id = "sprint", names = new { zhCN = "冲刺周", en = "Sprint week" }, from = now.AddHours(-1), to = now.AddHours(1), multiplier = 2.0 } },
                },
            },
        }))["createRewardScheme"]!;
        Assert.Empty(created["userErrors"]!.AsArray());
        await server.Client.QueryAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { active { version } } userErrors { code message field } } }", new { id = scheme });
        (await admin.RecordActivityAsync(a, "during-the-campaign", objectId: "lesson-2")).AssertNoErrors();
        (await admin.RecordActivityAsync(b, "elsewhere-again", objectId: "lesson-2")).AssertNoErrors();
        var xpOfA = (await admin.LearnerAsync(a))["xp"]!.GetValue<int>();

        const string Query = """
            query($campaign: CampaignRefInput) {
              learnerLeaderboard(window: CAMPAIGN, campaign: $campaign) { totalCount edges { node { rank score isMe } } }
            }
            """;
        var campaign = new { schemeId = scheme, campaignId = "sprint" };
        var asA = server.ClientAs(a, [Roles.Learner]);
        var board = await Poll.Until(() => asA.QueryAsync(Query, new { campaign }),
            r => r["learnerLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == xpOfA);
        var only = Assert.Single(board["learnerLeaderboard"]!["edges"]!.AsArray())!["node"]!;   // the other department is not in the campaign
        Assert.True(only["isMe"]!.GetValue<bool>());
        Assert.True(xpOfA > 10 + 10, "the campaign's doubled rule awarded on top of the default scheme");

        var mine = (await asA.QueryAsync("query($campaign: CampaignRefInput) { myRank(campaign: $campaign) { me { rank score } } }", new { campaign }))["myRank"]!;
        Assert.Equal((1, xpOfA), (mine["me"]!["rank"]!.GetValue<int>(), mine["me"]!["score"]!.GetValue<int>()));

        (await asA.PostAsync(Query, new { campaign = new { schemeId = scheme, campaignId = "no-such-campaign" } })).AssertError("NOT_FOUND");
        (await asA.PostAsync(Query, new { campaign = (object?)null })).AssertError("BAD_USER_INPUT");
        (await asA.PostAsync("query($c: CampaignRefInput) { learnerLeaderboard(window: THIS_WEEK, campaign: $c) { totalCount } }", new { c = campaign }))
            .AssertError("BAD_USER_INPUT");
    }
}

public sealed class TeamAndCampaignBoardTestsInProcess(SqliteServerFixture fixture)
    : TeamAndCampaignBoardTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class TeamAndCampaignBoardTestsOnRedis(RedisBoardsServerFixture fixture)
    : TeamAndCampaignBoardTests(fixture), IClassFixture<RedisBoardsServerFixture>;

/// <summary>A SQLite server whose boards live in the test Redis, under a prefix of its own.</summary>
public sealed class RedisBoardsServerFixture : ServerFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => Task.FromResult(ServerStorage.NewSqlite());

    protected override string[] Arguments =>
        [$"--Leaderboards:Redis={TestRedis.Endpoint}", $"--Leaderboards:RedisKeyPrefix=test-{Guid.NewGuid():n}:"];
}
