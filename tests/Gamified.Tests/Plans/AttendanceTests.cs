using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>Attendance: the host's QR code, check-in by hand, the roster and its CSV, and attended sessions in the plan's progress.</summary>
public abstract class AttendanceTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    private sealed record Setup(string Department, string PlanId, string HostId, GraphQLClient Host, GraphQLClient Manager);

    private async Task<Setup> PlanAsync(bool required = false)
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var hostId = Scenario.NewPlanId().Replace("plan", "host");
        var manager = Scenario.Manager(department);
        var planId = Scenario.NewPlanId();
        var startsAt = Scenario.Now.AddMinutes(-5);
        var session = new
        {
            id = "workshop", kind = "WORKSHOP", capacity = 30, hostId, startsAt, endsAt = startsAt.AddHours(2), location = "市民中心 5 楼",
            titles = new { zhCN = "窗口服务演练", en = "Counter service drill" }, required,
        };
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(7), [session]))
            .AssertNoErrors();
        return new Setup(department, planId, hostId, fixture.Server.ClientAs(hostId, [Roles.Author]), manager);
    }

    [Fact]
    public async Task a_qr_code_alone_does_not_check_anyone_in()
    {
        var setup = await PlanAsync();
        var (learner, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");

        var shown = (await setup.Host.PostAsync("""
            query($p: ID!, $s: ID!) { sessionCheckInCode(planId: $p, sessionId: $s) { code checkInLink qrSvg } }
            """, new { p = setup.PlanId, s = "workshop" })).AssertNoErrors().Data!["sessionCheckInCode"]!;
        var link = shown["checkInLink"]!.GetValue<string>();
        Assert.EndsWith($"/#/learner/plans/{setup.PlanId}/workshop", link);
        Assert.DoesNotContain(shown["code"]!.GetValue<string>(), link);
        Assert.Contains("<svg", shown["qrSvg"]!.GetValue<string>());

        // What the QR carries (plan and session) without the digits shown beside it is refused.
        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", "")).AssertError("BAD_USER_INPUT");
        Assert.Empty(await AttendedAsync(setup, learner));
    }

    [Fact]
    public async Task a_host_checks_in_by_hand_with_a_reason_and_the_roster_says_how_who_was_late_and_who_was_absent()
    {
        var setup = await PlanAsync();
        var (byHand, byHandClient) = await Scenario.LearnerAsync(setup.Department);
        var (late, lateClient) = await Scenario.LearnerAsync(setup.Department);
        var (absent, absentClient) = await Scenario.LearnerAsync(setup.Department);
        foreach (var client in new[] { byHandClient, lateClient, absentClient }) await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");

        var receipt = (await setup.Host.QueryAsync(CheckInByHost, new { input = new { planId = setup.PlanId, sessionId = "workshop", learnerId = byHand, reason = "手机没电" } }))
            ["checkInByHost"]!["checkInResult"]!;
        Assert.Equal(0, receipt["xpAwarded"]!.GetValue<int>());      // the host's word scores only under a rule for MANAGER statements
        (await setup.Host.PostAsync(CheckInByHost, new { input = new { planId = setup.PlanId, sessionId = "workshop", learnerId = byHand, reason = "again" } }))
            .AssertError("ALREADY_CHECKED_IN");
        // This host manages nobody in the learner's department: the attendance counts, but the statement is an unwitnessed
        // claim (never MANAGER, which rules for managers' statements could score).
        var stated = (await fixture.Server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { activity(first: 5) { edges { node { verb attestation } } } } }",
            new { id = byHand }))["learner"]!["activity"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(n => n["verb"]!.GetValue<string>() == "ATTENDED");
        Assert.Equal("SELF_REPORTED", stated["attestation"]!.GetValue<string>());

        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        (await PlanScenario.CheckInAsync(lateClient, setup.PlanId, "workshop", await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop"))).AssertNoErrors();
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        var roster = (await PlanScenario.RosterAsync(setup.Host, setup.PlanId, "workshop")).ToDictionary(e => e["learnerId"]!.GetValue<string>());
        Assert.Equal(("ATTENDED", "HOST", setup.HostId, "手机没电"), (roster[byHand]["status"]!.GetValue<string>(), roster[byHand]["method"]!.GetValue<string>(),
            roster[byHand]["checkedInBy"]!.GetValue<string>(), roster[byHand]["reason"]!.GetValue<string>()));
        Assert.Equal(("LATE", "CODE"), (roster[late]["status"]!.GetValue<string>(), roster[late]["method"]!.GetValue<string>()));
        Assert.Equal("ABSENT", roster[absent]["status"]!.GetValue<string>());

        var audit = (await fixture.Server.Client.QueryAsync("query { auditLog(first: 100, action: \"checkInByHost\") { edges { node { actor target outcome details } } } }"))
            ["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).Where(n => n["target"]?.GetValue<string>() == byHand).ToList();
        Assert.Contains(audit, n => n["actor"]!.GetValue<string>() == setup.HostId && n["outcome"]!.GetValue<string>() == "OK"
            && n["details"]!.GetValue<string>().Contains("手机没电"));
    }

    [Fact]
    public async Task a_host_cannot_check_in_a_learner_of_another_plan()
    {
        var setup = await PlanAsync();
        var other = await PlanAsync();
        var (stranger, strangerClient) = await Scenario.LearnerAsync(other.Department);
        await PlanScenario.RegisterAsync(strangerClient, other.PlanId, "workshop");
        var (self, selfClient) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(selfClient, setup.PlanId, "workshop");

        (await setup.Host.PostAsync(CheckInByHost, new { input = new { planId = setup.PlanId, sessionId = "workshop", learnerId = stranger, reason = "朋友" } }))
            .AssertError("NOT_REGISTERED");
        (await setup.Host.PostAsync(CheckInByHost, new { input = new { planId = other.PlanId, sessionId = "workshop", learnerId = stranger, reason = "朋友" } }))
            .AssertError("FORBIDDEN");
        (await selfClient.PostAsync(CheckInByHost, new { input = new { planId = setup.PlanId, sessionId = "workshop", learnerId = self, reason = "我来了" } }))
            .AssertError("FORBIDDEN");
        // A host who also holds a place checks themselves in with the code, like everyone else.
        await Scenario.Admin.RegisterLearnerAsync(setup.Department, setup.HostId);
        await PlanScenario.RegisterAsync(fixture.Server.ClientAs(setup.HostId, [Roles.Learner], [setup.Department]), setup.PlanId, "workshop");
        (await setup.Host.PostAsync(CheckInByHost, new { input = new { planId = setup.PlanId, sessionId = "workshop", learnerId = setup.HostId, reason = "主持人" } }))
            .AssertError("FORBIDDEN");
        (await setup.Host.PostAsync("query($p: ID!, $s: ID!) { sessionRoster(planId: $p, sessionId: $s) { planId } }",
            new { p = other.PlanId, s = "workshop" })).AssertError("FORBIDDEN");
        Assert.Empty(await AttendedAsync(other, stranger));
        Assert.Empty(await AttendedAsync(setup, self));
    }

    [Fact]
    public async Task roster_csv_neutralises_formulas()
    {
        var setup = await PlanAsync();
        var (learner, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");
        (await setup.Manager.PostAsync(CheckInByHost, new { input = new { planId = setup.PlanId, sessionId = "workshop", learnerId = learner,
            reason = "=HYPERLINK(\"http://evil.example\",\"x\")" } })).AssertNoErrors();

        using var csv = await setup.Host.Http.GetAsync($"/plans/{setup.PlanId}/sessions/workshop/roster.csv");
        csv.EnsureSuccessStatusCode();
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("learner_id,department_id,status", text.TrimStart('\uFEFF'));
        Assert.Contains("\"'=HYPERLINK(", text);
        Assert.DoesNotContain(",=HYPERLINK", text);
        using var refused = await fixture.Server.ClientAs("someone-else", [Roles.Author]).Http.GetAsync($"/plans/{setup.PlanId}/sessions/workshop/roster.csv");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task an_attended_required_session_counts_toward_the_plans_progress()
    {
        var setup = await PlanAsync(required: true);
        var (_, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");
        await PlanScenario.TakePackageAsync(client, PlanFixture.FirstPackage);
        Assert.False((await ProgressAsync(client, setup.PlanId))["isComplete"]!.GetValue<bool>());

        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop"))).AssertNoErrors();

        var progress = await ProgressAsync(client, setup.PlanId);
        Assert.True(progress["isComplete"]!.GetValue<bool>());
        Assert.Equal(["workshop"], progress["attendedSessionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["workshop"], progress["requiredSessionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private const string CheckInByHost = """
        mutation($input: CheckInByHostInput!) { checkInByHost(input: $input) { checkInResult { xpAwarded seat { attended checkedInBy } } userErrors { code message field } } }
        """;

    private async Task<List<string>> AttendedAsync(Setup setup, string learnerId) =>
        (await PlanScenario.RosterAsync(setup.Manager, setup.PlanId, "workshop"))
            .Where(e => e["learnerId"]!.GetValue<string>() == learnerId && e["checkedInAt"] is not null).Select(e => learnerId).ToList();

    private static async Task<System.Text.Json.Nodes.JsonNode> ProgressAsync(GraphQLClient learner, string planId) =>
        (await learner.QueryAsync("query($id: ID!) { trainingPlan(id: $id) { myProgress { isComplete attendedSessionIds requiredSessionIds } } }",
            new { id = planId }))["trainingPlan"]!["myProgress"]!;
}

[Collection(SqlitePlanCollection.Name)]
public sealed class AttendanceTestsOnSqlite(SqlitePlanFixture fixture) : AttendanceTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class AttendanceTestsOnPostgres(PostgresPlanFixture fixture) : AttendanceTests(fixture);
