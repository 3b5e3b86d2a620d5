using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.FairPlay;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Rewards;

/// <summary>
/// Managers configure schemes through GraphQL: validation, dry run, activation at a date, scope, audit. On the server whose
/// clock tests move forward (activation at a later time), so every time here is read from that clock.
/// </summary>
[Collection(SqliteFairPlayCollection.Name)]
public sealed class RewardSchemeLifecycleTests(SqliteFairPlayFixture fixture)
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);

    private const string Create = """
        mutation($input: SaveRewardSchemeInput!) {
          createRewardScheme(input: $input) { scheme { id latest { version status } } userErrors { code message field } }
        }
        """;
    private const string Update = """
        mutation($input: SaveRewardSchemeInput!) {
          updateRewardScheme(input: $input) { scheme { id latest { version status } } userErrors { code message field } }
        }
        """;

    private static object Scheme(string[] departments, object[] rules, object[]? levels = null, object? caps = null, object[]? campaigns = null) => new
    {
        names = new { zhCN = "部门季度激励", en = "Department quarterly rewards" },
        departmentIds = departments, rules, levels, caps, campaigns,
    };

    private static object LessonRule(int points) => new { id = "lesson", verb = "COMPLETED", objectKind = "LESSON", points };

    [Fact]
    public async Task saving_a_scheme_reports_every_problem_in_user_errors_and_saves_nothing()
    {
        var department = await Admin.CreateDepartmentAsync();
        var id = Scenario.NewId("scheme");
        var bad = Scheme([department, "no-such-department"],
            [new { id = "lesson", verb = "COMPLETED", points = 5, packageId = "no.such.package" }],
            levels: [new { minXp = 0, names = new { zhCN = "一", en = "1" } }, new { minXp = 0, names = new { zhCN = "二", en = "2" } }],
            caps: new { dailyXp = -1 },
            campaigns:
            [
                new { id = "a", names = new { zhCN = "甲", en = "A" }, from = "2027-01-01T00:00:00Z", to = "2027-01-10T00:00:00Z", multiplier = 2.0 },
                new { id = "b", names = new { zhCN = "乙", en = "B" }, from = "2027-01-05T00:00:00Z", to = "2027-01-20T00:00:00Z", multiplier = 1.5 },
            ]);

        var result = (await Server.Client.QueryAsync(Create, new { input = new { id, scheme = bad } }))["createRewardScheme"]!;

        Assert.Null(result["scheme"]);
        var codes = result["userErrors"]!.AsArray().Select(e => (e!["code"]!.GetValue<string>(), e!.FieldPath())).ToList();
        Assert.Contains(("UNKNOWN_DEPARTMENT", "input.scheme.departmentIds.1"), codes);
        Assert.Contains(("UNKNOWN_PACKAGE", "input.scheme.rules.0.packageId"), codes);
        Assert.Contains(("THRESHOLDS_NOT_INCREASING", "input.scheme.levels.1.minXp"), codes);
        Assert.Contains(("NEGATIVE_CAP", "input.scheme.caps.dailyXp"), codes);
        Assert.Contains(("OVERLAPPING_CAMPAIGNS", "input.scheme.campaigns.1"), codes);
        Assert.Null((await Server.Client.QueryAsync("query($id: ID!) { rewardScheme(id: $id) { id } }", new { id }))["rewardScheme"]);
    }

    [Fact]
    public async Task a_dry_run_writes_nothing_and_projects_exactly_what_activation_then_awards()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learners = new[] { await Admin.RegisterLearnerAsync(department), await Admin.RegisterLearnerAsync(department), await Admin.RegisterLearnerAsync(department) };
        // A dry run replays every statement of its window: move the clock past whatever earlier tests recorded.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var from = Now.AddSeconds(-1);
        var events = new List<(string Learner, string Verb, string Kind)>
        {
            (learners[0], "COMPLETED", "LESSON"), (learners[0], "COMPLETED", "LESSON"), (learners[0], "PASSED", "QUIZ"),
            (learners[1], "COMPLETED", "LESSON"), (learners[1], "ANSWERED", "QUIZ"),
            (learners[2], "RATED", "PACKAGE"),
        };
        var n = 0;
        foreach (var (learner, verb, kind) in events)
            (await Admin.RecordActivityAsync(learner, $"before-{n++}", verb: verb, objectKind: kind, objectId: $"o-{n}")).AssertNoErrors();

        var manager = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [department]);
        var id = Scenario.NewId("scheme");
        var created = (await manager.QueryAsync(Create, new
        {
            input = new
            {
                id,
                scheme = Scheme([department], [LessonRule(7), new { id = "quiz-bonus", verb = "PASSED", objectKind = "QUIZ", points = 12 }]),
            },
        }))["createRewardScheme"]!;
        Assert.Empty(created["userErrors"]!.AsArray());

        var ledgerBefore = await LedgerLengths(learners);
        var dryRun = (await manager.QueryAsync("""
            mutation($id: ID!, $from: DateTimeOffset!, $to: DateTimeOffset!) {
              dryRunRewardScheme(id: $id, from: $from, to: $to) { dryRunResult {
                statements learners departments { departmentId currentXp projectedXp } largestChanges { learnerId change }
              } userErrors { code message field } }
            }
            """, new { id, from, to = Now.AddSeconds(1) }))["dryRunRewardScheme"]!["dryRunResult"]!;
        Assert.Equal(ledgerBefore, await LedgerLengths(learners));   // nothing written
        Assert.Equal(6, dryRun["statements"]!.GetValue<int>());
        var row = dryRun["departments"]!.AsArray().Single()!;
        Assert.Equal(7 + 7 + 12 + 7, row["projectedXp"]!.GetValue<int>() - row["currentXp"]!.GetValue<int>());
        var projectedChange = dryRun["largestChanges"]!.AsArray().ToDictionary(c => c!["learnerId"]!.GetValue<string>(), c => c!["change"]!.GetValue<int>());

        await manager.QueryAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { active { version } } userErrors { code message field } } }", new { id });
        var xpBefore = new Dictionary<string, int>();
        foreach (var learner in learners) xpBefore[learner] = (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>();
        var defaultPoints = new Dictionary<string, int> { ["COMPLETED"] = 10, ["PASSED"] = 20, ["ANSWERED"] = 1, ["RATED"] = 2 };
        foreach (var (learner, verb, kind) in events)
            (await Admin.RecordActivityAsync(learner, $"after-{n++}", verb: verb, objectKind: kind, objectId: $"o-{n}")).AssertNoErrors();

        foreach (var learner in learners)
        {
            var gained = (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>() - xpBefore[learner];
            var defaultPart = events.Where(e => e.Learner == learner).Sum(e => defaultPoints[e.Verb]);
            Assert.Equal(projectedChange.GetValueOrDefault(learner), gained - defaultPart);
        }
        var ledger = await Admin.FullLedgerAsync(learners[0]);
        Assert.Contains(ledger, e => e["schemeId"]?.GetValue<string>() == id && e["ruleId"]!.GetValue<string>() == "quiz-bonus"
                                     && e["schemeVersion"]!.GetValue<int>() == 1);
    }

    [Fact]
    public async Task a_scheme_activated_for_a_later_time_awards_from_then_and_not_before()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        var id = Scenario.NewId("scheme");
        await Server.Client.QueryAsync(Create, new { input = new { id, scheme = Scheme([department], [LessonRule(100)]) } });
        var effectiveFrom = Now.AddHours(1);
        await Server.Client.QueryAsync("mutation($id: ID!, $at: DateTimeOffset) { activateRewardScheme(id: $id, effectiveFrom: $at) { scheme { latest { status effectiveFrom } } userErrors { code message field } } }",
            new { id, at = effectiveFrom });

        var early = (await Admin.RecordActivityAsync(learner, "early")).AssertNoErrors();
        Assert.Equal(10, early.Data!["recordActivity"]!["activityRecorded"]!["xpAwarded"]!.GetValue<int>());
        fixture.Clock.Advance(effectiveFrom - Now + TimeSpan.FromSeconds(1));
        var late = (await Admin.RecordActivityAsync(learner, "late")).AssertNoErrors();
        Assert.Equal(110, late.Data!["recordActivity"]!["activityRecorded"]!["xpAwarded"]!.GetValue<int>());
    }

    [Fact]
    public async Task active_versions_never_change_an_update_starts_the_next_version_and_every_change_is_audited()
    {
        var department = await Admin.CreateDepartmentAsync();
        var id = Scenario.NewId("scheme");
        await Server.Client.QueryAsync(Create, new { input = new { id, scheme = Scheme([department], [LessonRule(5)]) } });
        await Server.Client.QueryAsync(Update, new { input = new { id, scheme = Scheme([department], [LessonRule(6)]) } });
        await Server.Client.QueryAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id });
        var second = (await Server.Client.QueryAsync(Update, new { input = new { id, scheme = Scheme([department], [LessonRule(8)]) } }))["updateRewardScheme"]!;

        Assert.Equal(2, second["scheme"]!["latest"]!["version"]!.GetValue<int>());
        Assert.Equal("DRAFT", second["scheme"]!["latest"]!["status"]!.GetValue<string>());
        var scheme = (await Server.Client.QueryAsync("""
            query($id: ID!) { rewardScheme(id: $id) {
              active { version definition { rules { points } } }
              versions { version status }
              auditTrail { actor action version before after }
            } }
            """, new { id }))["rewardScheme"]!;
        Assert.Equal(1, scheme["active"]!["version"]!.GetValue<int>());
        Assert.Equal(6, scheme["active"]!["definition"]!["rules"]![0]!["points"]!.GetValue<int>());
        Assert.Equal(["create", "update", "activate", "update"], scheme["auditTrail"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()));
        var firstUpdate = scheme["auditTrail"]![1]!;
        Assert.Contains("\"points\":5", firstUpdate["before"]!.GetValue<string>());
        Assert.Contains("\"points\":6", firstUpdate["after"]!.GetValue<string>());
        Assert.Equal("test-admin", firstUpdate["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_manager_of_one_department_cannot_change_or_dry_run_anothers_scheme()
    {
        var mine = await Admin.CreateDepartmentAsync();
        var theirs = await Admin.CreateDepartmentAsync();
        var id = Scenario.NewId("scheme");
        await Server.Client.QueryAsync(Create, new { input = new { id, scheme = Scheme([theirs], [LessonRule(5)]) } });
        var manager = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [mine]);

        (await manager.PostAsync(Update, new { input = new { id, scheme = Scheme([mine], [LessonRule(9)]) } })).AssertError("FORBIDDEN");
        (await manager.PostAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id })).AssertError("FORBIDDEN");
        (await manager.PostAsync("mutation($id: ID!) { archiveRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id })).AssertError("FORBIDDEN");
        (await manager.PostAsync("mutation($id: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!) { dryRunRewardScheme(id: $id, from: $f, to: $t) { dryRunResult { statements } userErrors { code message field } } }",
            new { id, f = Now.AddDays(-1), t = Now })).AssertError("FORBIDDEN");
        (await manager.PostAsync(Create, new { input = new { id = Scenario.NewId("scheme"), scheme = Scheme([], [LessonRule(1)]) } })).AssertError("FORBIDDEN");
        var learner = Server.ClientAs("curious-learner", [Roles.Learner]);
        (await learner.PostAsync("{ rewardSchemes { id } }")).AssertError("FORBIDDEN");

        // A narrower draft does not open the active version (which also covers another department) to this manager.
        var wide = Scenario.NewId("scheme");
        await Server.Client.QueryAsync(Create, new { input = new { id = wide, scheme = Scheme([mine, theirs], [LessonRule(3)]) } });
        await Server.Client.QueryAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id = wide });
        await Server.Client.QueryAsync(Update, new { input = new { id = wide, scheme = Scheme([mine], [LessonRule(4)]) } });
        (await manager.PostAsync("mutation($id: ID!) { archiveRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id = wide })).AssertError("FORBIDDEN");
        (await manager.PostAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id = wide })).AssertError("FORBIDDEN");

        var untouched = await Server.Client.QueryAsync("query($id: ID!) { rewardScheme(id: $id) { latest { version status definition { rules { points } } } } }", new { id });
        Assert.Equal(5, untouched["rewardScheme"]!["latest"]!["definition"]!["rules"]![0]!["points"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_fresh_server_has_the_default_scheme_active_with_ten_chinese_levels()
    {
        var schemes = await Server.Client.QueryAsync("{ rewardSchemes { id active { version definition { organisationWide levels { minXp names { zhCN } } } } } }");
        var scheme = schemes["rewardSchemes"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "default")!;
        Assert.True(scheme["active"]!["definition"]!["organisationWide"]!.GetValue<bool>());
        var levels = scheme["active"]!["definition"]!["levels"]!.AsArray();
        Assert.Equal(10, levels.Count);
        Assert.Equal("见习学员", levels[0]!["names"]!["zhCN"]!.GetValue<string>());
    }

    private async Task<int[]> LedgerLengths(IEnumerable<string> learners)
    {
        var lengths = new List<int>();
        foreach (var learner in learners) lengths.Add((await Admin.FullLedgerAsync(learner)).Count);
        return [.. lengths];
    }
}
