using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Analytics;

/// <summary>
/// Analytics are drawn from what the server graded, and small groups are not shown: learners cannot fake their scores, and no
/// figure is an average over fewer learners than the minimum group size.
/// </summary>
public sealed class AnalyticsPrivacyTests
{
    private const string PackageId = "test.sample.basics";

    private const string PackageQuery = """
        query($id: ID!) { packageAnalytics(packageId: $id) {
          starts completions medianMinutes averagePreScore averagePostScore averageGain withheld mostMissed { test questionId answers missed } } }
        """;

    private const string Record = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }";

    private static object Statement(string learner, string key, string verb, string kind, string objectId, double? score = null) => new
    {
        input = new
        {
            learnerId = learner, idempotencyKey = key, verb, @object = new { id = objectId, kind }, result = new { score },
            context = new { packageId = PackageId, packageVersion = "1.0.0" },
        },
    };

    private static readonly object[] PreTestOneRight =
    [
        new { questionId = "p1", choices = new[] { "b" } }, new { questionId = "p2", choices = new[] { "true" } },
        new { questionId = "p3", choices = new[] { "a" } },
    ];

    private static readonly object[] PostTestTwoRight =
    [
        new { questionId = "q1", choices = new[] { "b" } }, new { questionId = "q2", choices = new[] { "a", "b" } },
        new { questionId = "q3", text = "不知道" },
    ];

    [Fact]
    public async Task a_learner_cannot_state_their_own_test_scores_or_completion_and_the_graded_ones_count()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Analytics:MinGroupSize=1");
        var (id, learner) = await new ContentScenario(server).NewLearnerAsync();

        // The statements the package grain records from its own grading, sent by the learner: refused.
        Assert.Equal("FORBIDDEN", (await learner.PostAsync(Record, Statement(id, "fake-1", "ANSWERED", "QUIZ", $"{PackageId}/pre-test", 0))).RefusalCode);
        Assert.Equal("FORBIDDEN", (await learner.PostAsync(Record, Statement(id, "fake-2", "PASSED", "QUIZ", $"{PackageId}/post-test", 100))).RefusalCode);
        Assert.Equal("FORBIDDEN", (await learner.PostAsync(Record, Statement(id, "fake-3", "COMPLETED", "PACKAGE", PackageId))).RefusalCode);
        // Their own lesson statements are still theirs to send.
        (await learner.PostAsync(Record, Statement(id, "own-1", "COMPLETED", "LESSON", $"{PackageId}/welcome"))).AssertNoErrors();

        // Through the package: one of three right before (33.33), two of three after (66.67), a gain of 0.5.
        await ContentScenario.StartAsync(learner, PackageId);
        (await ContentScenario.SubmitAsync(learner, PackageId, "PRE_TEST", PreTestOneRight)).AssertNoErrors();
        (await ContentScenario.SubmitAsync(learner, PackageId, "POST_TEST", PostTestTwoRight)).AssertNoErrors();
        var report = (await Poll.Until(() => server.Client.QueryAsync(PackageQuery, new { id = PackageId }),
            d => d["packageAnalytics"]!.AsArray().Single()!["averageGain"] is not null))["packageAnalytics"]!.AsArray().Single()!;
        Assert.Equal(33.3, report["averagePreScore"]!.GetValue<double>(), 1);
        Assert.Equal(66.7, report["averagePostScore"]!.GetValue<double>(), 1);
        Assert.Equal(0.5, report["averageGain"]!.GetValue<double>(), 2);
        Assert.Equal(0, report["completions"]!.GetValue<int>());
    }

    [Fact]
    public async Task each_package_figure_is_withheld_until_enough_learners_contribute_to_it()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Analytics:MinGroupSize=3");
        var scenario = new ContentScenario(server);
        var department = await new Scenario(server.Client).CreateDepartmentAsync();
        // Three learners take the pre-test, each missing p2 and p3; only the first takes the post-test, twice.
        var learners = new List<GraphQLClient>();
        for (var i = 0; i < 3; i++)
        {
            var (_, learner) = await scenario.NewLearnerAsync(department);
            learners.Add(learner);
            await ContentScenario.StartAsync(learner, PackageId);
            (await ContentScenario.SubmitAsync(learner, PackageId, "PRE_TEST", PreTestOneRight)).AssertNoErrors();
        }
        (await ContentScenario.SubmitAsync(learners[0], PackageId, "POST_TEST", PostTestTwoRight)).AssertNoErrors();
        (await ContentScenario.SubmitAsync(learners[0], PackageId, "POST_TEST", PostTestTwoRight)).AssertNoErrors();

        var report = (await Poll.Until(() => server.Client.QueryAsync(PackageQuery, new { id = PackageId }),
            d => d["packageAnalytics"]!.AsArray().Single()!["averagePreScore"] is not null))["packageAnalytics"]!.AsArray().Single()!;
        Assert.Equal(3, report["starts"]!.GetValue<int>());
        Assert.False(report["withheld"]!.GetValue<bool>());
        Assert.Equal(33.3, report["averagePreScore"]!.GetValue<double>(), 1);   // three pre-tests: shown
        Assert.Null(report["averagePostScore"]);                                   // one post-test: that learner's score, withheld
        Assert.Null(report["averageGain"]);
        Assert.Null(report["medianMinutes"]);
        // Missed questions count learners, not attempts: q3 was missed twice by one learner, and is not shown.
        var missed = report["mostMissed"]!.AsArray();
        Assert.All(missed, m => Assert.Equal("pre", m!["test"]!.GetValue<string>()));
        var p2 = missed.Single(m => m!["questionId"]!.GetValue<string>() == "p2")!;
        Assert.Equal((3, 3), (p2["answers"]!.GetValue<int>(), p2["missed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task the_gain_ranking_narrows_only_to_managed_departments_and_never_by_difference_to_a_few_learners()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Analytics:MinGroupSize=3");
        var admin = new Scenario(server.Client);
        var (big, lone) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var package = Scenario.NewId("pkg");
        var n = 0;
        async Task Take(string learner, double pre, double post)
        {
            foreach (var (verb, kind, objectId, score, seconds) in new[]
                     {
                         ("COMPLETED", "LESSON", $"{package}/l1", (double?)null, (int?)600),
                         ("ANSWERED", "QUIZ", $"{package}/pre-test", pre, null), ("PASSED", "QUIZ", $"{package}/post-test", post, null),
                     })
                (await server.Client.PostAsync(Record, new
                {
                    input = new
                    {
                        learnerId = learner, idempotencyKey = $"seed-{n++}", verb, @object = new { id = objectId, kind },
                        result = new { score, durationSeconds = seconds }, context = new { packageId = package, packageVersion = "1.0.0" },
                    },
                })).AssertNoErrors();
        }
        for (var i = 0; i < 3; i++) await Take(await admin.RegisterLearnerAsync(big), 50, 75);
        var loner = await admin.RegisterLearnerAsync(lone);
        await Take(loner, 0, 100);

        const string Ranking = "query($d: ID) { packageGainRanking(departmentId: $d) { packageId learners averageGain } }";
        var all = await Poll.Until(() => server.Client.QueryAsync(Ranking, new { d = (string?)null }),
            r => r["packageGainRanking"]!.AsArray().Any(x => x!["packageId"]!.GetValue<string>() == package && x["learners"]!.GetValue<int>() == 4));
        Assert.Equal(0.625, all["packageGainRanking"]!.AsArray().Single(x => x!["packageId"]!.GetValue<string>() == package)!["averageGain"]!.GetValue<double>());
        // Narrowed to the big department, the organisation-wide row minus this one would be the lone learner's gain: left out.
        var narrowed = (await server.Client.QueryAsync(Ranking, new { d = big }))["packageGainRanking"]!.AsArray();
        Assert.DoesNotContain(narrowed, x => x!["packageId"]!.GetValue<string>() == package);

        // Only departments the caller manages: an author, or a manager of another department, may not narrow to it.
        Assert.Equal("FORBIDDEN", (await server.ClientAs("author-x", [Roles.Author]).PostAsync(Ranking, new { d = big })).RefusalCode);
        var managerOfLone = server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [lone]);
        Assert.Equal("FORBIDDEN", (await managerOfLone.PostAsync(Ranking, new { d = big })).RefusalCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await managerOfLone.Http.GetAsync($"/reports/package-ranking.csv?departmentId={big}")).StatusCode);
        (await server.ClientAs("author-x", [Roles.Author]).PostAsync(Ranking, new { d = (string?)null })).AssertNoErrors();
    }

    [Fact]
    public async Task a_department_row_shows_no_average_over_fewer_learners_than_the_minimum_and_a_withheld_row_shows_only_counts()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Analytics:MinGroupSize=3");
        var admin = new Scenario(server.Client);
        var (a, small) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var package = Scenario.NewId("pkg");
        var n = 0;
        Task<GraphQLResponse> Seed(string learner, string verb, string kind, string objectId, double? score = null) =>
            server.Client.PostAsync(Record, new
            {
                input = new
                {
                    learnerId = learner, idempotencyKey = $"seed-{n++}", verb, @object = new { id = objectId, kind },
                    result = new { score, durationSeconds = 600 }, context = new { packageId = package, packageVersion = "1.0.0" },
                },
            });
        // Department a: three active learners, one of whom completes the package (a gain of 1.0).
        var a1 = await admin.RegisterLearnerAsync(a);
        (await Seed(a1, "ANSWERED", "QUIZ", $"{package}/pre-test", 0)).AssertNoErrors();
        (await Seed(a1, "PASSED", "QUIZ", $"{package}/post-test", 100)).AssertNoErrors();
        (await Seed(a1, "COMPLETED", "PACKAGE", package)).AssertNoErrors();
        for (var i = 0; i < 2; i++) (await Seed(await admin.RegisterLearnerAsync(a), "COMPLETED", "LESSON", $"{package}/l1")).AssertNoErrors();
        // A small department alone in the grouped row: one active learner.
        var s1 = await admin.RegisterLearnerAsync(small);
        (await Seed(s1, "COMPLETED", "LESSON", $"{package}/l1")).AssertNoErrors();

        const string Query = """
            query($ids: [ID!]) { departmentAnalytics(departmentIds: $ids) {
              departmentId grouped activeLearners started completedOnTime onTimeCompletionRate averageGain xp xpPerActiveLearner withheld
              weeks { activeLearners xp learnerHours completions averageGain } } }
            """;
        var rows = (await Poll.Until(() => server.Client.QueryAsync(Query, new { ids = new[] { a, small } }),
            r => r["departmentAnalytics"]!.AsArray().Sum(x => x!["activeLearners"]!.GetValue<int>()) == 4))["departmentAnalytics"]!.AsArray();
        var rowA = rows.Single(r => r!["departmentId"]?.GetValue<string>() == a)!;
        Assert.False(rowA["withheld"]!.GetValue<bool>());
        Assert.Equal(1, rowA["completedOnTime"]!.GetValue<int>());
        Assert.Null(rowA["averageGain"]);                                                  // one completion: a1's own gain
        var thisWeek = rowA["weeks"]!.AsArray()[^1]!;
        Assert.Equal((3, 1), (thisWeek["activeLearners"]!.GetValue<int>(), thisWeek["completions"]!.GetValue<int>()));
        Assert.NotNull(thisWeek["xp"]);
        Assert.Null(thisWeek["averageGain"]);                                              // three active, one completion

        // The grouped row holds only the small department: nothing but counts of people.
        var grouped = rows.Single(r => r!["grouped"]!.GetValue<bool>())!;
        Assert.True(grouped["withheld"]!.GetValue<bool>());
        Assert.Equal(1, grouped["activeLearners"]!.GetValue<int>());
        foreach (var figure in new[] { "started", "completedOnTime", "onTimeCompletionRate", "averageGain", "xp", "xpPerActiveLearner" })
            Assert.Null(grouped[figure]);
        Assert.All(grouped["weeks"]!.AsArray(), w => Assert.True(w!["xp"] is null && w["learnerHours"] is null && w["completions"] is null));
        var csv = Encoding.UTF8.GetString(await server.Client.Http.GetByteArrayAsync($"/reports/department-analytics.csv?departmentId={a}&departmentId={small}"));
        var line = csv.Split("\r\n").Single(l => l.StartsWith("其他部门（合并）,true,", StringComparison.Ordinal));
        Assert.EndsWith(",,,,,,,true", line);                                                  // started … xp per active learner: empty
    }

    [Fact]
    public async Task the_department_leaderboard_shows_no_average_gain_of_fewer_learners_than_its_threshold()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Leaderboards:MinActiveLearners=2");
        var scenario = new ContentScenario(server);
        var department = await new Scenario(server.Client).CreateDepartmentAsync();
        var (_, first) = await scenario.NewLearnerAsync(department);
        var (second, _) = await scenario.NewLearnerAsync(department);
        (await new Scenario(server.Client).RecordActivityAsync(second, "active")).AssertNoErrors();
        // The first learner completes the package with a gain: the department's only one.
        await ContentScenario.StartAsync(first, PackageId);
        (await ContentScenario.SubmitAsync(first, PackageId, "PRE_TEST", PreTestOneRight)).AssertNoErrors();
        await Plans.PlanScenario.TakePackageAsync(first, PackageId);

        const string Board = "{ departmentLeaderboard(measure: AVERAGE_LEARNING_GAIN) { departmentId activeLearners averageLearningGain value } }";
        var row = (await Poll.Until(() => first.QueryAsync(Board),
            b => b["departmentLeaderboard"]!.AsArray().Any(d => d!["departmentId"]?.GetValue<string>() == department && d["activeLearners"]!.GetValue<int>() == 2)))
            ["departmentLeaderboard"]!.AsArray().Single(d => d!["departmentId"]?.GetValue<string>() == department)!;
        Assert.Null(row["averageLearningGain"]);
        Assert.Equal(0, row["value"]!.GetValue<double>());
    }
}
