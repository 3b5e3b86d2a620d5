using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>Offline sessions: registration, the host's rotating code, and check-ins that count once.</summary>
public abstract class CheckInTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    private sealed record Setup(string Department, string PlanId, string HostId, GraphQLClient Host, GraphQLClient Manager);

    private async Task<Setup> PlanWithWorkshopsAsync(int capacity = 30, params string[] sessions)
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var hostId = Scenario.NewPlanId().Replace("plan", "expert");
        var manager = Scenario.Manager(department);
        var planId = Scenario.NewPlanId();
        var workshops = (sessions.Length == 0 ? ["workshop"] : sessions)
            .Select(id => PlanScenario.Workshop(id, Scenario.Now.AddMinutes(-5), capacity, hostId)).ToArray();
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(7), workshops))
            .AssertNoErrors();
        return new Setup(department, planId, hostId, fixture.Server.ClientAs(hostId, [Roles.Author]), manager);
    }

    [Fact]
    public async Task a_valid_code_counts_once_as_an_attended_statement_and_a_reused_code_is_refused()
    {
        var setup = await PlanWithWorkshopsAsync();
        var (learner, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");
        var code = await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop");
        Assert.Matches("^[0-9]{6}$", code);

        var accepted = (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", code)).AssertNoErrors().Data!["checkIn"]!["checkInResult"]!;
        Assert.Equal(15, accepted["xpAwarded"]!.GetValue<int>());
        Assert.True(accepted["seat"]!["attended"]!.GetValue<bool>());

        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", code)).AssertError("CHECK_IN_CODE_USED");
        Assert.Equal(15, await Scenario.XpAsync(learner));
        var ledger = await Scenario.Admin.FullLedgerAsync(learner);
        Assert.Single(ledger);
        Assert.Contains("attended session", ledger[0]["reason"]!.GetValue<string>());
        var session = (await setup.Manager.QueryAsync("query($id: ID!) { trainingPlan(id: $id) { sessions { attendedCount registeredCount } } }",
            new { id = setup.PlanId }))["trainingPlan"]!["sessions"]![0]!;
        Assert.Equal(1, session["attendedCount"]!.GetValue<int>());

        // Another learner in the room uses the same code shown on the screen.
        var (_, neighbour) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(neighbour, setup.PlanId, "workshop");
        (await PlanScenario.CheckInAsync(neighbour, setup.PlanId, "workshop", code)).AssertNoErrors();
    }

    [Fact]
    public async Task an_expired_code_is_refused_and_the_current_one_is_accepted()
    {
        var setup = await PlanWithWorkshopsAsync();
        var (learner, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");
        var shown = (await PlanScenario.CodeAsync(setup.Host, setup.PlanId, "workshop")).AssertNoErrors().Data!["sessionCheckInCode"]!;
        var expiresAt = shown["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt - Scenario.Now, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(61));

        fixture.Clock.Advance(expiresAt - Scenario.Now + TimeSpan.FromSeconds(1));

        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", shown["code"]!.GetValue<string>())).AssertError("CHECK_IN_CODE_EXPIRED");
        Assert.Equal(0, await Scenario.XpAsync(learner));
        var current = await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop");
        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", current)).AssertNoErrors();
        Assert.Equal(15, await Scenario.XpAsync(learner));
    }

    [Fact]
    public async Task a_code_for_another_session_is_refused()
    {
        var setup = await PlanWithWorkshopsAsync(30, "morning", "afternoon");
        var (learner, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "morning");
        var otherSessionCode = await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "afternoon");
        var otherPlan = await PlanWithWorkshopsAsync(30, "morning");
        var otherPlanCode = await PlanScenario.CodeOfAsync(otherPlan.Host, otherPlan.PlanId, "morning");

        (await PlanScenario.CheckInAsync(client, setup.PlanId, "morning", otherSessionCode)).AssertError("CHECK_IN_CODE_INVALID");
        (await PlanScenario.CheckInAsync(client, setup.PlanId, "morning", otherPlanCode)).AssertError("CHECK_IN_CODE_INVALID");
        Assert.Equal(0, await Scenario.XpAsync(learner));
    }

    [Fact]
    public async Task repeated_wrong_codes_lock_the_learner_out_of_that_session_for_a_while()
    {
        var setup = await PlanWithWorkshopsAsync();
        var (_, client) = await Scenario.LearnerAsync(setup.Department);
        await PlanScenario.RegisterAsync(client, setup.PlanId, "workshop");
        var right = await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop");
        var wrong = ((int.Parse(right) + 500_000) % 1_000_000).ToString("D6");

        for (var i = 0; i < 5; i++)
            (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", wrong)).AssertError("CHECK_IN_CODE_INVALID");
        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", right)).AssertError("RATE_LIMITED");

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        (await PlanScenario.CheckInAsync(client, setup.PlanId, "workshop", await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop")))
            .AssertNoErrors();
    }

    [Fact]
    public async Task only_the_host_and_the_plans_managers_see_the_code()
    {
        var setup = await PlanWithWorkshopsAsync();
        var (_, learner) = await Scenario.LearnerAsync(setup.Department);
        var otherManager = Scenario.Manager(await Scenario.Admin.CreateDepartmentAsync());

        (await PlanScenario.CodeAsync(learner, setup.PlanId, "workshop")).AssertError("FORBIDDEN");
        (await PlanScenario.CodeAsync(otherManager, setup.PlanId, "workshop")).AssertError("FORBIDDEN");
        (await PlanScenario.CodeAsync(fixture.Server.ClientAs("someone-else", [Roles.Author]), setup.PlanId, "workshop")).AssertError("FORBIDDEN");
        (await PlanScenario.CodeAsync(setup.Manager, setup.PlanId, "workshop")).AssertNoErrors();
        (await PlanScenario.CodeAsync(setup.Host, setup.PlanId, "workshop")).AssertNoErrors();
    }

    [Fact]
    public async Task places_are_limited_to_the_plans_departments_and_the_capacity_and_check_in_needs_a_place()
    {
        var setup = await PlanWithWorkshopsAsync(capacity: 1);
        var (_, first) = await Scenario.LearnerAsync(setup.Department);
        var (_, second) = await Scenario.LearnerAsync(setup.Department);
        var (_, outsider) = await Scenario.LearnerAsync(await Scenario.Admin.CreateDepartmentAsync());
        var code = await PlanScenario.CodeOfAsync(setup.Host, setup.PlanId, "workshop");
        const string register = "mutation($input: SessionRefInput!) { registerForSession(input: $input) { sessionSeat { sessionId waitingPosition } userErrors { code message field } } }";
        var input = new { input = new { planId = setup.PlanId, sessionId = "workshop" } };

        (await outsider.PostAsync(register, input)).AssertError("NOT_ASSIGNED");
        var registrations = await Task.WhenAll(first.PostAsync(register, input), second.PostAsync(register, input));
        var positions = registrations.Select(r => r.AssertNoErrors().Data!["registerForSession"]!["sessionSeat"]!["waitingPosition"]?.GetValue<int>()).ToList();
        Assert.Single(positions, p => p is null);     // one place; the other learner waits first in line
        Assert.Single(positions, p => p == 1);
        var (placed, unplaced) = positions[0] is null ? (first, second) : (second, first);
        (await placed.PostAsync(register, input)).AssertNoErrors();    // registering again keeps the one place

        (await PlanScenario.CheckInAsync(unplaced, setup.PlanId, "workshop", code)).AssertError("NOT_REGISTERED");
        (await PlanScenario.CheckInAsync(placed, setup.PlanId, "workshop", "12ab56")).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task learners_cannot_state_attendance_themselves()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var (learner, client) = await Scenario.LearnerAsync(department);

        (await new Scenario(client).RecordActivityAsync(learner, "self-attended", verb: "ATTENDED", objectKind: "SESSION"))
            .AssertError("FORBIDDEN");
        (await new Scenario(client).RecordActivityAsync(learner, "self-idea", verb: "SUBMITTED_IDEA", objectKind: "IDEA"))
            .AssertError("FORBIDDEN");
        Assert.Equal(0, await Scenario.XpAsync(learner));
    }
}

[Collection(SqlitePlanCollection.Name)]
public sealed class CheckInTestsOnSqlite(SqlitePlanFixture fixture) : CheckInTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class CheckInTestsOnPostgres(PostgresPlanFixture fixture) : CheckInTests(fixture);
