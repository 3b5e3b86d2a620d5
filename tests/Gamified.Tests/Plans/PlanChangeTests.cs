using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>Plans that change: edits and their deadline, who may change a plan, archive, sessions moved and cancelled, the waiting list.</summary>
public abstract class PlanChangeTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    [Fact]
    public async Task shortening_the_deadline_names_the_learners_it_makes_overdue_and_a_past_deadline_is_refused()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var manager = Scenario.Manager(department);
        var (done, doneClient) = await Scenario.LearnerAsync(department);
        var (idle, _) = await Scenario.LearnerAsync(department);
        var planId = Scenario.NewPlanId();
        var deadline = Scenario.Now.AddDays(10);
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], deadline)).AssertNoErrors();
        await PlanScenario.TakePackageAsync(doneClient, PlanFixture.FirstPackage);

        // The page previews first: nothing is stored, and the manager sees who would be overdue.
        var shorter = Scenario.Now.AddDays(2);
        var preview = await UpdateAsync(manager, new { id = planId, deadline = shorter, dryRun = true });
        Assert.False(preview["stored"]!.GetValue<bool>());
        Assert.Equal([idle], preview["overdueAtNewDeadline"]!.AsArray().Select(r => r!["learnerId"]!.GetValue<string>()));
        Assert.Equal(deadline, await DeadlineAsync(manager, planId));

        var stored = await UpdateAsync(manager, new { id = planId, deadline = shorter });
        Assert.True(stored["stored"]!.GetValue<bool>());
        Assert.Equal([idle], stored["overdueAtNewDeadline"]!.AsArray().Select(r => r!["learnerId"]!.GetValue<string>()));
        Assert.DoesNotContain(done, stored["overdueAtNewDeadline"]!.AsArray().Select(r => r!["learnerId"]!.GetValue<string>()));
        Assert.Equal(1, stored["trainingPlan"]!["revision"]!.GetValue<int>());

        (await manager.PostAsync(Update, new { input = new { id = planId, deadline = Scenario.Now.AddMinutes(-1) } })).AssertError("BAD_USER_INPUT");
        var longer = Scenario.Now.AddDays(30);
        var extended = await UpdateAsync(manager, new { id = planId, deadline = longer });
        Assert.Empty(extended["overdueAtNewDeadline"]!.AsArray());
        Assert.Equal(longer, await DeadlineAsync(manager, planId));
    }

    [Fact]
    public async Task an_edit_that_changes_nothing_stores_nothing_and_tells_nobody()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var manager = Scenario.Manager(department);
        var (_, learner) = await Scenario.LearnerAsync(department);
        var planId = Scenario.NewPlanId();
        var deadline = Scenario.Now.AddDays(10);
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], deadline)).AssertNoErrors();
        var inboxBefore = await UnreadAsync(learner);

        for (var i = 0; i < 3; i++)
        {
            var same = await UpdateAsync(manager, new { id = planId, deadline, packageIds = new[] { PlanFixture.FirstPackage } });
            Assert.False(same["stored"]!.GetValue<bool>());
            Assert.Equal(0, same["trainingPlan"]!["revision"]!.GetValue<int>());
        }
        Assert.Equal(inboxBefore, await UnreadAsync(learner));
    }

    [Fact]
    public async Task learners_of_a_department_taken_off_a_plan_are_told()
    {
        var (kept, dropped) = (await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync());
        var manager = Scenario.Manager(kept, dropped);
        var (_, droppedLearner) = await Scenario.LearnerAsync(dropped);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(manager, planId, [kept, dropped], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10))).AssertNoErrors();

        var changed = await UpdateAsync(manager, new { id = planId, departmentIds = new[] { kept } });
        Assert.True(changed["stored"]!.GetValue<bool>());
        var kinds = (await droppedLearner.QueryAsync("{ notifications(first: 10) { edges { node { kind } } } }"))["notifications"]!["edges"]!
            .AsArray().Select(e => e!["node"]!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("PLAN_CHANGED", kinds);
    }

    private static async Task<int> UnreadAsync(GraphQLClient learner) =>
        (await learner.QueryAsync("{ notifications(first: 1) { unreadCount } }"))["notifications"]!["unreadCount"]!.GetValue<int>();

    [Fact]
    public async Task only_a_manager_of_every_department_of_the_plan_changes_it_and_each_change_is_audited()
    {
        var (a, b, c) = (await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync(),
            await Scenario.Admin.CreateDepartmentAsync());
        var both = Scenario.Manager(a, b);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(both, planId, [a, b], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10))).AssertNoErrors();

        (await Scenario.Manager(a).PostAsync(Update, new { input = new { id = planId, required = false } })).AssertError("FORBIDDEN");
        (await both.PostAsync(Update, new { input = new { id = planId, departmentIds = new[] { a, b, c } } })).AssertError("FORBIDDEN");
        (await Scenario.Manager(a).PostAsync(Archive, new { input = new { id = planId, status = "CANCELLED", reason = "预算取消" } })).AssertError("FORBIDDEN");
        var changed = await UpdateAsync(both, new { id = planId, packageIds = new[] { PlanFixture.FirstPackage, PlanFixture.SecondPackage } });
        Assert.Equal(2, changed["trainingPlan"]!["packageIds"]!.AsArray().Count);

        var audit = (await fixture.Server.Client.QueryAsync("query { auditLog(first: 100, action: \"updateTrainingPlan\") { edges { node { actor target outcome } } } }"))
            ["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).Where(n => n["target"]?.GetValue<string>() == planId).ToList();
        Assert.Contains(audit, n => n["outcome"]!.GetValue<string>() == "OK");
        Assert.Contains(audit, n => n["outcome"]!.GetValue<string>() == "FORBIDDEN");
    }

    [Fact]
    public async Task an_archived_plan_takes_no_registrations_or_edits_and_still_lists_with_its_status()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var manager = Scenario.Manager(department);
        var (_, learner) = await Scenario.LearnerAsync(department);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10),
            [PlanScenario.Workshop("w", Scenario.Now.AddDays(3))])).AssertNoErrors();

        var archived = (await manager.QueryAsync(Archive, new { input = new { id = planId, reason = "年度培训结束" } }))["archiveTrainingPlan"]!["trainingPlan"]!;
        Assert.Equal("ARCHIVED", archived["status"]!.GetValue<string>());

        (await learner.PostAsync(Register, new { input = new { planId, sessionId = "w" } })).AssertError("PLAN_NOT_ACTIVE");
        (await manager.PostAsync(Update, new { input = new { id = planId, required = false } })).AssertError("PLAN_NOT_ACTIVE");
        var listed = (await manager.QueryAsync("{ trainingPlans { id status statusReason } }"))["trainingPlans"]!.AsArray()
            .Single(p => p!["id"]!.GetValue<string>() == planId)!;
        Assert.Equal(("ARCHIVED", "年度培训结束"), (listed["status"]!.GetValue<string>(), listed["statusReason"]!.GetValue<string>()));
        Assert.Contains((await learner.QueryAsync("{ myTrainingPlans { plan { id status } } }"))["myTrainingPlans"]!.AsArray(),
            p => p!["plan"]!["id"]!.GetValue<string>() == planId);
    }

    [Fact]
    public async Task a_moved_session_keeps_its_places_and_a_cancelled_one_takes_no_registrations_or_check_ins_but_keeps_attendance()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var manager = Scenario.Manager(department);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10),
            [PlanScenario.Workshop("now", Scenario.Now.AddMinutes(-5)), PlanScenario.Workshop("later", Scenario.Now.AddDays(3))])).AssertNoErrors();
        var (attended, attendedClient) = await Scenario.LearnerAsync(department);
        var (_, registered) = await Scenario.LearnerAsync(department);
        var (_, late) = await Scenario.LearnerAsync(department);
        foreach (var client in new[] { attendedClient, registered }) await PlanScenario.RegisterAsync(client, planId, "now");
        await PlanScenario.RegisterAsync(registered, planId, "later");
        (await PlanScenario.CheckInAsync(attendedClient, planId, "now", await PlanScenario.CodeOfAsync(manager, planId, "now"))).AssertNoErrors();

        var startsAt = Scenario.Now.AddDays(4);
        var moved = (await manager.QueryAsync(Move, new { input = new { planId, sessionId = "later", startsAt, endsAt = startsAt.AddHours(3), location = "二号楼 201" } }))
            ["moveSession"]!["trainingPlan"]!["sessions"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "later")!;
        Assert.Equal((startsAt, "二号楼 201", 1), (moved["startsAt"]!.GetValue<DateTimeOffset>(), moved["location"]!.GetValue<string>(), moved["registeredCount"]!.GetValue<int>()));

        var cancelled = (await manager.QueryAsync(CancelSession, new { input = new { planId, sessionId = "now", reason = "讲师临时出差" } }))
            ["cancelSession"]!["trainingPlan"]!["sessions"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "now")!;
        Assert.Equal("讲师临时出差", cancelled["cancelReason"]!.GetValue<string>());
        Assert.Equal(1, cancelled["attendedCount"]!.GetValue<int>());
        (await late.PostAsync(Register, new { input = new { planId, sessionId = "now" } })).AssertError("SESSION_CANCELLED");
        (await PlanScenario.CodeAsync(manager, planId, "now")).AssertError("SESSION_CANCELLED");
        var roster = await PlanScenario.RosterAsync(manager, planId, "now");
        Assert.Equal("ATTENDED", roster.Single(e => e["learnerId"]!.GetValue<string>() == attended)["status"]!.GetValue<string>());
        (await manager.PostAsync(Move, new { input = new { planId, sessionId = "now", startsAt, endsAt = startsAt.AddHours(1) } })).AssertError("SESSION_CANCELLED");
    }

    [Fact]
    public async Task a_freed_place_goes_to_the_first_waiting_learner_once()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var manager = Scenario.Manager(department);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10),
            [PlanScenario.Workshop("w", Scenario.Now.AddDays(3), capacity: 1)])).AssertNoErrors();
        var (_, holder) = await Scenario.LearnerAsync(department);
        var (first, firstClient) = await Scenario.LearnerAsync(department);
        var (second, secondClient) = await Scenario.LearnerAsync(department);
        Assert.Null((await PlanScenario.RegisterAsync(holder, planId, "w"))["waitingPosition"]?.GetValue<int>());
        Assert.Equal(1, (await PlanScenario.RegisterAsync(firstClient, planId, "w"))["waitingPosition"]!.GetValue<int>());
        Assert.Equal(2, (await PlanScenario.RegisterAsync(secondClient, planId, "w"))["waitingPosition"]!.GetValue<int>());
        var latecomers = new List<GraphQLClient>();
        for (var i = 0; i < 4; i++) latecomers.Add((await Scenario.LearnerAsync(department)).Client);

        // The holder gives up the place twice while four more learners register at the same moment: the place goes to the first in line.
        var racing = latecomers.Select(c => c.PostAsync(Register, new { input = new { planId, sessionId = "w" } }))
            .Append(holder.PostAsync(CancelRegistration, new { input = new { planId, sessionId = "w" } }))
            .Append(holder.PostAsync(CancelRegistration, new { input = new { planId, sessionId = "w" } })).ToList();
        var answers = await Task.WhenAll(racing);
        Assert.Single(answers.TakeLast(2), a => a.RefusalCode == "NOT_REGISTERED");

        var roster = await PlanScenario.RosterAsync(manager, planId, "w");
        var placed = Assert.Single(roster, e => e["status"]!.GetValue<string>() == "REGISTERED");
        Assert.Equal(first, placed["learnerId"]!.GetValue<string>());
        var waiting = roster.Where(e => e["status"]!.GetValue<string>() == "WAITING").ToList();
        Assert.Equal(second, waiting[0]["learnerId"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(1, 5), waiting.Select(e => e["waitingPosition"]!.GetValue<int>()));
        Assert.Single(roster, e => e["status"]!.GetValue<string>() == "CANCELLED");

        // Raising the capacity hands the new place to the next in line; leaving the waiting list is allowed.
        (await manager.PostAsync(Capacity, new { input = new { planId, sessionId = "w", capacity = 2 } })).AssertNoErrors();
        Assert.Null((await SeatAsync(secondClient, planId))["waitingPosition"]?.GetValue<int>());
        (await latecomers[0].PostAsync(CancelRegistration, new { input = new { planId, sessionId = "w" } })).AssertNoErrors();
        (await manager.PostAsync(Capacity, new { input = new { planId, sessionId = "w", capacity = 1 } })).AssertError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task cancelling_after_the_cut_off_is_refused()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var manager = Scenario.Manager(department);
        var planId = Scenario.NewPlanId();
        var soon = Scenario.Now.AddHours(2);
        var shortCutOff = new
        {
            id = "short", kind = "WORKSHOP", capacity = 10, startsAt = soon, endsAt = soon.AddHours(1), location = "会议室",
            titles = new { zhCN = "短期工作坊", en = "Short workshop" }, cancellationCutOffHours = 1,
        };
        (await PlanScenario.CreatePlanAsync(manager, planId, [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10),
            [PlanScenario.Workshop("default", soon), shortCutOff])).AssertNoErrors();
        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [department], [PlanFixture.FirstPackage], Scenario.Now.AddDays(10),
            [shortCutOff with { id = "overflowing", cancellationCutOffHours = int.MaxValue }])).AssertError("BAD_USER_INPUT");
        var (_, learner) = await Scenario.LearnerAsync(department);
        await PlanScenario.RegisterAsync(learner, planId, "default");
        await PlanScenario.RegisterAsync(learner, planId, "short");

        (await learner.PostAsync(CancelRegistration, new { input = new { planId, sessionId = "default" } })).AssertError("CANCELLATION_CUT_OFF_PASSED");
        (await learner.PostAsync(CancelRegistration, new { input = new { planId, sessionId = "short" } })).AssertNoErrors();
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        await PlanScenario.RegisterAsync(learner, planId, "short");
        (await learner.PostAsync(CancelRegistration, new { input = new { planId, sessionId = "short" } })).AssertError("CANCELLATION_CUT_OFF_PASSED");
    }

    private const string Update = """
        mutation($input: UpdateTrainingPlanInput!) { updateTrainingPlan(input: $input) { trainingPlanUpdate {
          stored previousDeadline trainingPlan { id deadline revision packageIds } overdueAtNewDeadline { learnerId isComplete deadline }
        } userErrors { code message field } } }
        """;

    private const string Archive = "mutation($input: ArchiveTrainingPlanInput!) { archiveTrainingPlan(input: $input) { trainingPlan { id status statusReason } userErrors { code message field } } }";

    private const string Register = "mutation($input: SessionRefInput!) { registerForSession(input: $input) { sessionSeat { sessionId waitingPosition } userErrors { code message field } } }";

    private const string CancelRegistration = "mutation($input: SessionRefInput!) { cancelRegistration(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }";

    private const string Move = """
        mutation($input: MoveSessionInput!) { moveSession(input: $input) { trainingPlan { sessions { id startsAt location registeredCount } } userErrors { code message field } } }
        """;

    private const string CancelSession = """
        mutation($input: CancelSessionInput!) { cancelSession(input: $input) { trainingPlan { sessions { id cancelReason attendedCount } } userErrors { code message field } } }
        """;

    private const string Capacity = "mutation($input: SessionCapacityInput!) { setSessionCapacity(input: $input) { trainingPlan { id } userErrors { code message field } } }";

    private static async Task<JsonNode> UpdateAsync(GraphQLClient manager, object input) =>
        (await manager.QueryAsync(Update, new { input }))["updateTrainingPlan"]!["trainingPlanUpdate"]!;

    private static async Task<DateTimeOffset> DeadlineAsync(GraphQLClient manager, string planId) =>
        (await manager.QueryAsync("query($id: ID!) { trainingPlan(id: $id) { deadline } }", new { id = planId }))["trainingPlan"]!["deadline"]!.GetValue<DateTimeOffset>();

    private static async Task<JsonNode> SeatAsync(GraphQLClient learner, string planId) =>
        (await learner.QueryAsync("query($id: ID!) { trainingPlan(id: $id) { mySeats { sessionId waitingPosition } } }", new { id = planId }))
            ["trainingPlan"]!["mySeats"]!.AsArray().Single()!;
}

[Collection(SqlitePlanCollection.Name)]
public sealed class PlanChangeTestsOnSqlite(SqlitePlanFixture fixture) : PlanChangeTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class PlanChangeTestsOnPostgres(PostgresPlanFixture fixture) : PlanChangeTests(fixture);
