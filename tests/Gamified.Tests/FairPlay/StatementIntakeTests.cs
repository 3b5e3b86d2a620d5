using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// What people state about learners, tried as a hostile learner and manager would: a claim about oneself scores nothing
/// unless a rule allows it within its own cap, the server's receipt time decides the day, and the server's keys and
/// verbs stay the server's. Run on both storages.
/// </summary>
public abstract class StatementIntakeTests(FairPlayFixture fixture)
{
    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);

    [Fact]
    public async Task a_learners_perfect_score_on_a_quiz_they_name_themselves_scores_nothing_and_earns_no_badge()
    {
        var (_, learner, asLearner) = await LearnerAsync();

        var recorded = await RecordAsync(asLearner, learner, "perfect", "ANSWERED", "my-own-quiz", "QUIZ", score: 100);
        var passed = await RecordAsync(asLearner, learner, "passed", "PASSED", "another-quiz", "QUIZ", score: 100);

        Assert.Equal("SELF_REPORTED", recorded["attestation"]!.GetValue<string>());
        Assert.Equal(0, recorded["xpAwarded"]!.GetValue<int>());
        Assert.Equal(0, passed["xpAwarded"]!.GetValue<int>());
        var profile = await Admin.LearnerAsync(learner);
        Assert.Equal(0, profile["xp"]!.GetValue<int>());
        Assert.Empty(profile["badges"]!.AsArray());
        Assert.Empty(await Admin.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task a_learner_sees_their_own_claims_marked_self_reported_beside_what_a_manager_recorded()
    {
        var (department, learner, asLearner) = await LearnerAsync();
        var reportedAt = fixture.Clock.GetUtcNow().AddDays(-3);
        await SchemeAsync(department, rules: [ManagerRule("offline", "COMPLETED", 10)]);
        await RecordAsync(ManagerOf(department), learner, "witnessed", "COMPLETED", "offline-course", "LESSON");
        await RecordAsync(asLearner, learner, "claimed", "COMPLETED", "my-reading", "LESSON", at: reportedAt);

        var page = (await asLearner.QueryAsync("""
            query($id: ID!) { learner(id: $id) { activity(first: 10) { edges { node { objectId attestation xpAwarded reportedAt occurredAt } } } } }
            """, new { id = learner }))["learner"]!["activity"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();

        Assert.Equal(["my-reading", "offline-course"], page.Select(n => n["objectId"]!.GetValue<string>()));
        Assert.Equal(["SELF_REPORTED", "MANAGER"], page.Select(n => n["attestation"]!.GetValue<string>()));
        Assert.Equal([0, 10], page.Select(n => n["xpAwarded"]!.GetValue<int>()));
        Assert.Equal(reportedAt.ToUnixTimeMilliseconds(), DateTimeOffset.Parse(page[0]["reportedAt"]!.GetValue<string>()).ToUnixTimeMilliseconds());
        Assert.True(DateTimeOffset.Parse(page[0]["occurredAt"]!.GetValue<string>()) > reportedAt.AddDays(2));
    }

    [Fact]
    public async Task statements_dated_on_past_days_all_count_toward_the_cap_of_the_day_the_server_received_them()
    {
        var (department, learner, _) = await LearnerAsync();
        await SchemeAsync(department, rules: [ManagerRule("pass", "PASSED", 20)], caps: new { dailyXp = 50 });
        var manager = ManagerOf(department);
        var now = fixture.Clock.GetUtcNow();

        var awarded = 0;
        for (var daysAgo = 1; daysAgo <= 5; daysAgo++)
            awarded += (await RecordAsync(manager, learner, $"back-{daysAgo}", "PASSED", $"quiz-{daysAgo}", "QUIZ", at: now.AddDays(-daysAgo)))["xpAwarded"]!.GetValue<int>();

        Assert.Equal(50, awarded);
        var ledger = await Admin.FullLedgerAsync(learner);
        Assert.All(ledger, entry => Assert.True(DateTimeOffset.Parse(entry["occurredAt"]!.GetValue<string>()) >= now.AddMinutes(-1)));
    }

    [Fact]
    public async Task statements_dated_on_past_days_build_no_streak()
    {
        var (department, learner, _) = await LearnerAsync();
        var manager = ManagerOf(department);
        var now = fixture.Clock.GetUtcNow();

        for (var daysAgo = 0; daysAgo < 4; daysAgo++)
            await RecordAsync(manager, learner, $"day-{daysAgo}", "STARTED", $"lesson-{daysAgo}", "LESSON", at: now.AddDays(-daysAgo));

        var learnerNode = (await Server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { streak { current } badges { badgeId } } }",
            new { id = learner }))["learner"]!;
        // A manager's statements make no day active, backdated or not: only what the server witnessed (or an import) does.
        Assert.Equal(0, learnerNode["streak"]!["current"]!.GetValue<int>());
        Assert.DoesNotContain(learnerNode["badges"]!.AsArray(), b => b!["badgeId"]!.GetValue<string>().StartsWith("streak"));
    }

    [Fact]
    public async Task a_statement_dated_inside_a_campaign_that_has_ended_earns_no_campaign_multiplier()
    {
        var (department, learner, _) = await LearnerAsync();
        var start = fixture.Clock.GetUtcNow();
        await SchemeAsync(department, rules: [ManagerRule("done", "COMPLETED", 10)], campaigns:
        [
            new { id = "sprint", names = new { zhCN = "冲刺周", en = "Sprint week" }, from = start.AddHours(1), to = start.AddHours(2), multiplier = 3.0 },
        ]);
        fixture.Clock.Advance(TimeSpan.FromHours(3));

        var recorded = await RecordAsync(ManagerOf(department), learner, "late", "COMPLETED", "lesson-x", "LESSON", at: start.AddHours(1.5));

        // 10 from the department's rule for managers' statements, without the ×3 (the default scheme scores no manager's statement).
        Assert.Equal(10, recorded["xpAwarded"]!.GetValue<int>());
    }

    [Fact]
    public async Task challenge_points_pass_through_the_daily_cap_like_any_award()
    {
        var (department, learner, _) = await LearnerAsync();
        await SchemeAsync(department, rules: [ManagerRule("pass", "PASSED", 20)], caps: new { dailyXp = 50 });
        await RecordAsync(ManagerOf(department), learner, "first", "PASSED", "quiz-1", "QUIZ");
        var challenge = await Admin.CreateChallengeAsync(points: 5000);

        var completed = (await Server.Client.PostAsync("""
            mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points } userErrors { code message field } } }
            """, new { input = new { challengeId = challenge, learnerId = learner } })).AssertNoErrors();

        // 20 of today's 50 went to the quiz the manager recorded: 30 are left.
        Assert.Equal(30, completed.Data!["completeChallenge"]!["challengeCompletion"]!["points"]!.GetValue<int>());
        Assert.Equal(50, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_key_of_the_servers_sent_with_a_leading_space_is_still_refused()
    {
        var (_, learner, asLearner) = await LearnerAsync();

        var response = await asLearner.PostAsync(RecordMutation, Input(learner, "  package:some.package:1.0.0:completed", "COMPLETED", "lesson-1", "LESSON"));

        response.AssertError("BAD_USER_INPUT");
        Assert.Empty(await Admin.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task a_rule_for_self_reported_statements_scores_them_only_within_its_own_daily_cap()
    {
        var (department, learner, asLearner) = await LearnerAsync();
        await SchemeAsync(department, rules: [new { id = "reading", verb = "COMPLETED", points = 2, attestations = new[] { "SELF_REPORTED" }, dailyCap = 5 }]);

        var awarded = new List<int>();
        for (var n = 0; n < 4; n++)
            awarded.Add((await RecordAsync(asLearner, learner, $"read-{n}", "COMPLETED", $"article-{n}", "LESSON"))["xpAwarded"]!.GetValue<int>());

        Assert.Equal([2, 2, 1, 0], awarded);
        Assert.Equal(5, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_rule_for_self_reported_statements_needs_a_small_cap_of_its_own()
    {
        var department = await Admin.CreateDepartmentAsync();

        var errors = await SaveSchemeAsync(department, rules: [new { id = "claims", verb = "COMPLETED", points = 5, attestations = new[] { "SELF_REPORTED", "MANAGER" } }]);

        Assert.Contains(errors, e => e.FieldPath() == "input.scheme.rules.0.dailyCap");
        Assert.Contains(errors, e => e.FieldPath() == "input.scheme.rules.0.attestations");
    }

    [Fact]
    public async Task a_scheme_has_at_most_one_rule_for_self_reported_statements()
    {
        var department = await Admin.CreateDepartmentAsync();

        var errors = await SaveSchemeAsync(department, rules:
        [
            new { id = "claims-a", verb = "COMPLETED", points = 5, attestations = new[] { "SELF_REPORTED" }, dailyCap = 50 },
            new { id = "claims-b", verb = "ANSWERED", points = 5, attestations = new[] { "SELF_REPORTED" }, dailyCap = 50 },
        ]);

        Assert.Contains(errors, e => e.FieldPath() == "input.scheme.rules");
    }

    [Fact]
    public async Task not_even_an_admin_import_takes_a_key_of_the_servers()
    {
        var (_, learner, _) = await LearnerAsync();

        (await Server.Client.PostAsync(RecordMutation, Input(learner, "package:some.package:1.0.0:pre-test", "ANSWERED", "some.package/pre-test", "QUIZ")))
            .AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task a_managers_statement_never_replays_a_learners_earlier_claim_under_the_same_key()
    {
        var (department, learner, asLearner) = await LearnerAsync();
        await RecordAsync(asLearner, learner, "shared-key", "COMPLETED", "offline-course", "LESSON");

        (await ManagerOf(department).PostAsync(RecordMutation, Input(learner, "shared-key", "COMPLETED", "offline-course", "LESSON")))
            .AssertError("IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(0, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_managers_statement_scores_only_under_a_rule_that_names_managers_and_within_a_hundred_a_day()
    {
        var (department, learner, _) = await LearnerAsync();
        var manager = ManagerOf(department);

        var unscored = await RecordAsync(manager, learner, "seen", "ANSWERED", "offline-quiz", "QUIZ", score: 100);
        await SchemeAsync(department, rules: [ManagerRule("witnessed", "COMPLETED", 60)]);
        await SchemeAsync(department, rules: [ManagerRule("witnessed-too", "COMPLETED", 60)]);
        var scored = new List<int>();
        for (var n = 0; n < 2; n++)
            scored.Add((await RecordAsync(manager, learner, $"seen-{n}", "COMPLETED", $"offline-course-{n}", "LESSON"))["xpAwarded"]!.GetValue<int>());

        Assert.Equal("MANAGER", unscored["attestation"]!.GetValue<string>());
        Assert.Equal(0, unscored["xpAwarded"]!.GetValue<int>());
        // Two schemes, 60 + 60 a statement, but a manager's statements earn a learner at most 100 a day in all.
        Assert.Equal([100, 0], scored);
        Assert.Empty((await Admin.LearnerAsync(learner))["badges"]!.AsArray());
    }

    [Fact]
    public async Task a_manager_cannot_reset_the_hundred_a_day_by_replacing_the_scheme_with_a_renamed_rule()
    {
        var (department, learner, _) = await LearnerAsync();
        var manager = ManagerOf(department);
        var first = Scenario.NewId("scheme");
        Assert.Empty(await SaveSchemeAsync(department, [ManagerRule("witnessed", "COMPLETED", 60)], id: first));
        (await Server.Client.PostAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id = first })).AssertNoErrors();
        var scored = new List<int> { (await RecordAsync(manager, learner, "before", "COMPLETED", "offline-course-0", "LESSON"))["xpAwarded"]!.GetValue<int>() };

        // The same rule under another name, in a scheme that replaces the first: what managers' statements earned today still counts.
        (await Server.Client.PostAsync("mutation($id: ID!) { archiveRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id = first })).AssertNoErrors();
        await SchemeAsync(department, rules: [ManagerRule("witnessed-renamed", "COMPLETED", 60)]);
        for (var n = 1; n <= 2; n++)
            scored.Add((await RecordAsync(manager, learner, $"after-{n}", "COMPLETED", $"offline-course-{n}", "LESSON"))["xpAwarded"]!.GetValue<int>());

        Assert.Equal([60, 40, 0], scored);
    }

    [Fact]
    public async Task a_rule_for_managers_statements_needs_a_small_cap_of_its_own()
    {
        var department = await Admin.CreateDepartmentAsync();

        var errors = await SaveSchemeAsync(department, rules: [new { id = "vouched", verb = "COMPLETED", points = 5, attestations = new[] { "MANAGER" } }]);

        Assert.Contains(errors, e => e.FieldPath() == "input.scheme.rules.0.dailyCap");
    }

    [Fact]
    public async Task a_manager_cannot_record_for_a_learner_of_another_department()
    {
        var (_, learner, _) = await LearnerAsync();
        var otherManager = ManagerOf(await Admin.CreateDepartmentAsync());

        (await otherManager.PostAsync(RecordMutation, Input(learner, "x", "COMPLETED", "lesson-1", "LESSON"))).AssertError("FORBIDDEN");

        Assert.Empty(await Admin.FullLedgerAsync(learner));
    }

    [Fact]
    public async Task a_manager_who_is_also_a_learner_vouches_for_nothing_they_state_about_themselves()
    {
        var department = await Admin.CreateDepartmentAsync();
        var id = Scenario.NewId("mgr-learner");
        await Admin.RegisterLearnerAsync(department, id);
        var self = Server.ClientAs(id, [Roles.Manager, Roles.Learner], [department]);

        var recorded = await RecordAsync(self, id, "me", "COMPLETED", "lesson-1", "LESSON");

        Assert.Equal("SELF_REPORTED", recorded["attestation"]!.GetValue<string>());
        Assert.Equal(0, (await Admin.LearnerAsync(id))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_manager_cannot_state_what_only_the_server_witnesses()
    {
        var (department, learner, _) = await LearnerAsync();

        (await ManagerOf(department).PostAsync(RecordMutation, Input(learner, "was-there", "ATTENDED", "plan/session", "SESSION")))
            .AssertError("FORBIDDEN");
        (await ManagerOf(department).PostAsync(RecordMutation, Input(learner, "graded", "PASSED", "pkg/post-test", "QUIZ")))
            .AssertError("FORBIDDEN");
    }

    private const string RecordMutation = """
        mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { attestation xpAwarded xpTotal } userErrors { code message field } } }
        """;

    private static object Input(string learnerId, string key, string verb, string objectId, string kind, double? score = null, DateTimeOffset? at = null) =>
        new { input = new { learnerId, idempotencyKey = key, verb, @object = new { id = objectId, kind }, result = score is null ? null : new { score }, timestamp = at } };

    private static async Task<JsonNode> RecordAsync(GraphQLClient client, string learnerId, string key, string verb, string objectId, string kind,
        double? score = null, DateTimeOffset? at = null) =>
        (await client.PostAsync(RecordMutation, Input(learnerId, key, verb, objectId, kind, score, at))).AssertNoErrors().Data!["recordActivity"]!["activityRecorded"]!;

    private async Task<(string Department, string Learner, GraphQLClient AsLearner)> LearnerAsync()
    {
        var department = await Admin.CreateDepartmentAsync();
        var learner = await Admin.RegisterLearnerAsync(department);
        return (department, learner, Server.ClientAs(learner, [Roles.Learner], [department]));
    }

    /// <summary>A rule that scores managers' statements, which the default scheme does not.</summary>
    private static object ManagerRule(string id, string verb, int points) =>
        new { id, verb, points, attestations = new[] { "MANAGER" }, dailyCap = 100 };

    private GraphQLClient ManagerOf(string department) => Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [department]);

    private async Task SchemeAsync(string department, object[] rules, object? caps = null, object[]? campaigns = null)
    {
        var id = Scenario.NewId("scheme");
        Assert.Empty(await SaveSchemeAsync(department, rules, caps, campaigns, id));
        (await Server.Client.PostAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id })).AssertNoErrors();
    }

    private async Task<IReadOnlyList<JsonNode>> SaveSchemeAsync(string department, object[] rules, object? caps = null, object[]? campaigns = null,
        string? id = null)
    {
        var saved = await Server.Client.QueryAsync("""
            mutation($input: SaveRewardSchemeInput!) { createRewardScheme(input: $input) { userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id = id ?? Scenario.NewId("scheme"),
                scheme = new { names = new { zhCN = "公平竞赛方案", en = "Fair-play scheme" }, departmentIds = new[] { department }, rules, caps, campaigns },
            },
        });
        return saved["createRewardScheme"]!["userErrors"]!.AsArray().Select(e => e!).ToList();
    }
}

[Collection(SqliteFairPlayCollection.Name)]
public sealed class StatementIntakeTestsOnSqlite(SqliteFairPlayFixture fixture) : StatementIntakeTests(fixture);

[Collection(PostgresFairPlayCollection.Name)]
public sealed class StatementIntakeTestsOnPostgres(PostgresFairPlayFixture fixture) : StatementIntakeTests(fixture);
