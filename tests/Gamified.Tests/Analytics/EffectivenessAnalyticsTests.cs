using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Analytics;

/// <summary>
/// Effectiveness figures over GraphQL, checked against values computed by hand from a seeded set of statements, on SQLite
/// and on PostgreSQL. The minimum group size is 3 here, so the two-member department and the two-learner package
/// show what happens under it.
/// </summary>
public abstract class EffectivenessAnalyticsTests
{
    protected abstract Task<GamifiedServer> StartAsync(params string[] arguments);

    // Tuesday 10:00 in Shanghai of ISO week 2026-W46, and the same time a week later (W47).
    private static readonly DateTimeOffset Week1 = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Week2 = Week1.AddDays(7);
    // Monday 2026-11-16 00:00 in Shanghai: the end of W46.
    private static readonly DateTimeOffset EndOfWeek1 = new(2026, 11, 15, 16, 0, 0, TimeSpan.Zero);

    private const string Record = """
        mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }
        """;

    private sealed class Seeder(GraphQLClient admin)
    {
        private int _n;

        public Dictionary<string, long> XpByLearner { get; } = [];

        public async Task Statement(string learner, string package, string version, string verb, string kind, string objectId,
            DateTimeOffset at, double? score = null, int? seconds = null, bool? success = null)
        {
            var data = await admin.QueryAsync(Record, new
            {
                input = new
                {
                    learnerId = learner, idempotencyKey = $"seed-{_n++}", verb, timestamp = at,
                    @object = new { id = objectId, kind },
                    result = new { score, durationSeconds = seconds, success },
                    context = new { packageId = package, packageVersion = version },
                },
            });
            XpByLearner[learner] = XpByLearner.GetValueOrDefault(learner) + data["recordActivity"]!["activityRecorded"]!["xpAwarded"]!.GetValue<int>();
        }

        /// <summary>A learner through a package: started, a lesson of <paramref name="seconds"/>, both tests, completion.</summary>
        public async Task Take(string learner, string package, string version, DateTimeOffset at, int seconds, double? pre, double? post,
            DateTimeOffset? completedAt)
        {
            await Statement(learner, package, version, "STARTED", "PACKAGE", package, at);
            await Statement(learner, package, version, "COMPLETED", "LESSON", $"{package}/l1", at.AddMinutes(1), seconds: seconds);
            if (pre is not null) await Statement(learner, package, version, "ANSWERED", "QUIZ", $"{package}/pre-test", at.AddMinutes(2), score: pre);
            if (post is not null)
                await Statement(learner, package, version, post >= 60 ? "PASSED" : "FAILED", "QUIZ", $"{package}/post-test", at.AddMinutes(3), score: post);
            if (completedAt is { } done) await Statement(learner, package, version, "COMPLETED", "PACKAGE", package, done);
        }
    }

    [Fact]
    public async Task a_training_plan_reports_its_own_packages_with_completions_by_its_deadline_as_on_time()
    {
        var content = Content.ContentScenario.NewContentDirectory(("sample", null),
            ("second", new Dictionary<string, string?> { ["manifest.json"] = Content.SamplePackage.Manifest(Plans.PlanFixture.FirstPackage, Plans.PlanFixture.SecondPackage) }));
        await using var server = await StartAsync("--Analytics:MinGroupSize=3", $"--Content:Directory={content}");
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (l1, l2, l3) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        await admin.RegisterLearnerAsync(department);   // assigned, never takes part
        var (planned, other) = (Plans.PlanFixture.FirstPackage, Plans.PlanFixture.SecondPackage);
        var plan = Scenario.NewId("plan");
        (await Plans.PlanScenario.CreatePlanAsync(server.Client, plan, [department], [planned], DateTimeOffset.UtcNow.AddDays(7))).AssertNoErrors();

        var seed = new Seeder(server.Client);
        var now = DateTimeOffset.UtcNow;
        // The plan's package: gains (70 − 40) / 60 = 0.5, (100 − 50) / 50 = 1.0 and (75 − 0) / 100 = 0.75, all completed before
        // the deadline (three, so that their average is shown at a minimum group size of 3).
        await seed.Take(l1, planned, "1.0.0", now, 1800, 40, 70, now.AddSeconds(1));
        await seed.Take(l2, planned, "1.0.0", now, 1800, 50, 100, now.AddSeconds(1));
        await seed.Take(l3, planned, "1.0.0", now, 1800, 0, 75, now.AddSeconds(1));
        // Another package, with a gain of 0: not the plan's figures.
        await seed.Take(l3, other, "1.0.0", now, 600, 50, 50, now.AddSeconds(1));

        const string Query = """
            query($id: ID!) { trainingPlan(id: $id) { analytics { departmentId members activeLearners participationRate started completedOnTime
              onTimeCompletionRate averageGain withheld } } }
            """;
        var report = await Poll.Until(() => server.Client.QueryAsync(Query, new { id = plan }),
            r => r["trainingPlan"]!["analytics"]!.AsArray().FirstOrDefault() is { } first && first["activeLearners"]?.GetValue<int>() == 3
                 && first["completedOnTime"]?.GetValue<int>() == 3);
        var row = Assert.Single(report["trainingPlan"]!["analytics"]!.AsArray())!;
        Assert.Equal(department, row["departmentId"]!.GetValue<string>());
        Assert.Equal((4, 3, 0.75), (row["members"]!.GetValue<int>(), row["activeLearners"]!.GetValue<int>(), row["participationRate"]!.GetValue<double>()));
        Assert.Equal((3, 3, 1.0), (row["started"]!.GetValue<int>(), row["completedOnTime"]!.GetValue<int>(), row["onTimeCompletionRate"]!.GetValue<double>()));
        Assert.Equal(0.75, row["averageGain"]!.GetValue<double>());   // (0.5 + 1.0 + 0.75) / 3: the other package's gain of 0 is not the plan's

        var stranger = server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [await admin.CreateDepartmentAsync()]);
        (await stranger.PostAsync(Query, new { id = plan })).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task figures_match_hand_computed_values_and_small_groups_are_never_shown_alone()
    {
        await using var server = await StartAsync("--Analytics:MinGroupSize=3");
        var admin = new Scenario(server.Client);
        var (a, b) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var a1 = await admin.RegisterLearnerAsync(a);
        var a2 = await admin.RegisterLearnerAsync(a);
        var a3 = await admin.RegisterLearnerAsync(a);
        var a4 = await admin.RegisterLearnerAsync(a);
        await admin.RegisterLearnerAsync(a);              // a member who never takes part
        var b1 = await admin.RegisterLearnerAsync(b);
        await admin.RegisterLearnerAsync(b);
        var (p, q, r) = (Scenario.NewId("pkg.p"), Scenario.NewId("pkg.q"), Scenario.NewId("pkg.r"));

        var seed = new Seeder(server.Client);
        // P 1.0.0: gains 0.5, 1.0, −0.25 (a fall: (60 − 80) / 80) and 0.5; a4 only starts it; a3 completes in week 2.
        await seed.Take(a1, p, "1.0.0", Week1, 1800, 40, 70, Week1.AddMinutes(4));
        await seed.Take(a2, p, "1.0.0", Week1, 3600, 50, 100, Week1.AddMinutes(4));
        await seed.Take(a4, p, "1.0.0", Week1, 600, null, null, null);
        await seed.Take(b1, p, "1.0.0", Week1, 2400, 20, 60, Week1.AddMinutes(4));
        // Q 2.0.0: three learners, each gain 0.5, 10 minutes each.
        await seed.Take(a1, q, "2.0.0", Week1.AddHours(1), 600, 0, 50, Week1.AddHours(1).AddMinutes(4));
        await seed.Take(a2, q, "2.0.0", Week1.AddHours(1), 600, 50, 75, Week1.AddHours(1).AddMinutes(4));
        await seed.Take(a3, q, "2.0.0", Week1.AddHours(1), 600, 60, 80, Week1.AddHours(1).AddMinutes(4));
        // R 1.0.0: two learners with a perfect gain in a minute, under the group size; nobody completes it.
        await seed.Take(a4, r, "1.0.0", Week1.AddHours(2), 60, 0, 100, null);
        await seed.Take(b1, r, "1.0.0", Week1.AddHours(2), 60, 0, 100, null);
        // Recorded last, so once it is projected everything is.
        await seed.Take(a3, p, "1.0.0", Week1, 1200, 80, 60, Week2);

        const string PackageQuery = """
            query($id: ID!) { packageAnalytics(packageId: $id) {
              version starts completions completionRate medianMinutes averagePreScore averagePostScore averageGain withheld
              averageRating ratings comments mostMissed { questionId } } }
            """;
        var pReport = (await Poll.Until(() => server.Client.QueryAsync(PackageQuery, new { id = p }),
            d => d["packageAnalytics"]!.AsArray().Any(v => v!["completions"]!.GetValue<int>() == 4)))["packageAnalytics"]!.AsArray().Single()!;
        Assert.Equal("1.0.0", pReport["version"]!.GetValue<string>());
        Assert.Equal(5, pReport["starts"]!.GetValue<int>());
        Assert.Equal(0.8, pReport["completionRate"]!.GetValue<double>(), 6);                 // 4 / 5
        Assert.Equal(35, pReport["medianMinutes"]!.GetValue<double>(), 6);                   // median of 20, 30, 40, 60 minutes
        Assert.Equal(47.5, pReport["averagePreScore"]!.GetValue<double>(), 6);               // (40 + 50 + 80 + 20) / 4
        Assert.Equal(72.5, pReport["averagePostScore"]!.GetValue<double>(), 6);              // (70 + 100 + 60 + 60) / 4
        Assert.Equal(0.4375, pReport["averageGain"]!.GetValue<double>(), 6);                 // (0.5 + 1 − 0.25 + 0.5) / 4
        Assert.False(pReport["withheld"]!.GetValue<bool>());
        Assert.Equal(0, pReport["ratings"]!.GetValue<int>());

        // Two learners: counts are shown, figures from their individual results are not.
        var rReport = (await server.Client.QueryAsync(PackageQuery, new { id = r }))["packageAnalytics"]!.AsArray().Single()!;
        Assert.Equal((2, 0, true), (rReport["starts"]!.GetValue<int>(), rReport["completions"]!.GetValue<int>(), rReport["withheld"]!.GetValue<bool>()));
        Assert.Null(rReport["averageGain"]);
        Assert.Null(rReport["averagePreScore"]);
        Assert.Null(rReport["medianMinutes"]);

        // Gain per hour: Q 1.5 / 0.5 h = 3; P 1.75 / 2.5 h = 0.7; R (two learners) is not ranked.
        var ranking = (await server.Client.QueryAsync("{ packageGainRanking { rank packageId version learners learnerHours averageGain gainPerHour } }"))
            ["packageGainRanking"]!.AsArray();
        Assert.Equal([q, p], ranking.Select(x => x!["packageId"]!.GetValue<string>()));
        Assert.Equal((3, 0.5, 0.5, 3.0), (ranking[0]!["learners"]!.GetValue<int>(), ranking[0]!["learnerHours"]!.GetValue<double>(),
            ranking[0]!["averageGain"]!.GetValue<double>(), ranking[0]!["gainPerHour"]!.GetValue<double>()));
        Assert.Equal((4, 2.5, 0.4375, 0.7), (ranking[1]!["learners"]!.GetValue<int>(), ranking[1]!["learnerHours"]!.GetValue<double>(),
            ranking[1]!["averageGain"]!.GetValue<double>(), ranking[1]!["gainPerHour"]!.GetValue<double>()));

        var manager = server.ClientAs("manager-" + a, [Roles.Manager], [a, b]);
        var departments = (await manager.QueryAsync("""
            query($ids: [ID!], $from: DateTimeOffset, $to: DateTimeOffset, $deadline: DateTimeOffset) {
              departmentAnalytics(departmentIds: $ids, from: $from, to: $to, deadline: $deadline) {
                departmentId grouped members activeLearners participationRate started completedOnTime onTimeCompletionRate
                averageGain xp xpPerActiveLearner withheld
                weeks { week activeLearners xp learnerHours completions averageGain }
              }
            }
            """, new { ids = new[] { a, b }, from = Week1, to = Week2, deadline = EndOfWeek1 }))["departmentAnalytics"]!.AsArray();
        Assert.Equal(2, departments.Count);
        var rowA = departments[0]!;
        Assert.Equal(a, rowA["departmentId"]!.GetValue<string>());
        Assert.Equal((5, 4), (rowA["members"]!.GetValue<int>(), rowA["activeLearners"]!.GetValue<int>()));
        Assert.Equal(0.8, rowA["participationRate"]!.GetValue<double>(), 6);                 // 4 of 5 members
        // Started: P by a1–a4, Q by a1–a3, R by a4 = 8; on time (by the end of week 1): P a1, a2 and Q a1–a3 = 5.
        Assert.Equal((8, 5), (rowA["started"]!.GetValue<int>(), rowA["completedOnTime"]!.GetValue<int>()));
        Assert.Equal(0.625, rowA["onTimeCompletionRate"]!.GetValue<double>(), 6);
        // Completed in the window: P 0.5, 1.0, −0.25 and Q 0.5 × 3 = 2.75 / 6.
        Assert.Equal(0.4583, rowA["averageGain"]!.GetValue<double>(), 6);
        var xpA = new[] { a1, a2, a3, a4 }.Sum(l => seed.XpByLearner[l]);
        Assert.Equal(xpA, rowA["xp"]!.GetValue<long>());
        Assert.Equal(Math.Round(xpA / 4.0, 4), rowA["xpPerActiveLearner"]!.GetValue<double>(), 6);
        var weeks = rowA["weeks"]!.AsArray();
        Assert.Equal(["2026-W46", "2026-W47"], weeks.Select(w => w!["week"]!.GetValue<string>()));
        Assert.Equal((4, 5), (weeks[0]!["activeLearners"]!.GetValue<int>(), weeks[0]!["completions"]!.GetValue<int>()));
        Assert.Equal(0.6, weeks[0]!["averageGain"]!.GetValue<double>(), 6);                  // (0.5 + 1 + 0.5 × 3) / 5
        // a1 30 + 10, a2 60 + 10, a3 20 + 10, a4 10 + 1 minutes = 151 minutes.
        Assert.Equal(Math.Round(151 / 60.0, 4), weeks[0]!["learnerHours"]!.GetValue<double>(), 6);
        Assert.Equal((1, 1), (weeks[1]!["activeLearners"]!.GetValue<int>(), weeks[1]!["completions"]!.GetValue<int>()));
        Assert.Null(weeks[1]!["averageGain"]);                                                 // one learner: withheld

        // Department b has one active learner: it appears only inside the grouped row, with its averages withheld.
        var grouped = departments[1]!;
        Assert.True(grouped["grouped"]!.GetValue<bool>());
        Assert.Null(grouped["departmentId"]);
        Assert.Equal((2, 1, 0.5), (grouped["members"]!.GetValue<int>(), grouped["activeLearners"]!.GetValue<int>(),
            grouped["participationRate"]!.GetValue<double>()));
        Assert.True(grouped["withheld"]!.GetValue<bool>());
        Assert.Null(grouped["averageGain"]);
        Assert.Null(grouped["xpPerActiveLearner"]);
        Assert.DoesNotContain(b, departments.ToJsonString());

        // A manager of a only sees a; asking for another department is refused.
        var managerOfA = server.ClientAs("manager-only-" + a, [Roles.Manager], [a]);
        var own = (await managerOfA.QueryAsync("query($from: DateTimeOffset) { departmentAnalytics(from: $from) { departmentId } }", new { from = Week1 }))
            ["departmentAnalytics"]!.AsArray();
        Assert.Equal([a], own.Select(d => d!["departmentId"]!.GetValue<string>()));
        var refused = await managerOfA.PostAsync("query($ids: [ID!]) { departmentAnalytics(departmentIds: $ids) { departmentId } }", new { ids = new[] { b } });
        Assert.Equal("FORBIDDEN", refused.RefusalCode);
        // An author who does not own P may not read its analytics.
        var stranger = await server.ClientAs("author-x", [Roles.Author]).PostAsync(PackageQuery, new { id = p });
        Assert.Contains(stranger.RefusalCode, new[] { "FORBIDDEN", "NOT_FOUND" });
    }
}

public sealed class EffectivenessAnalyticsTestsOnSqlite : EffectivenessAnalyticsTests
{
    protected override Task<GamifiedServer> StartAsync(params string[] arguments) => GamifiedServer.StartAsync(ServerStorage.NewSqlite(), arguments);
}

public sealed class EffectivenessAnalyticsTestsOnPostgres : EffectivenessAnalyticsTests
{
    protected override async Task<GamifiedServer> StartAsync(params string[] arguments) =>
        await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync(), arguments);
}
