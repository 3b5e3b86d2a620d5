using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>Plans assigned to departments: what learners, their managers and others see, before and after the deadline.</summary>
public abstract class TrainingPlanTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    [Fact]
    public async Task a_plan_for_two_departments_shows_progress_deadline_and_overdue_to_each_role()
    {
        var (a, b, other) = (await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync(),
            await Scenario.Admin.CreateDepartmentAsync());
        var (doneA, doneClient) = await Scenario.LearnerAsync(a);
        var (idleA, idleClient) = await Scenario.LearnerAsync(a);
        var (halfB, halfClient) = await Scenario.LearnerAsync(b);
        var (_, outsider) = await Scenario.LearnerAsync(other);
        var planId = Scenario.NewPlanId();
        var deadline = Scenario.Now.AddHours(1);

        var created = (await PlanScenario.CreatePlanAsync(Scenario.Manager(a, b), planId, [a, b],
            [PlanFixture.FirstPackage, PlanFixture.SecondPackage], deadline)).AssertNoErrors().Data!["createTrainingPlan"]!["trainingPlan"]!;
        Assert.Equal([a, b], Ids(created["departmentIds"]));
        Assert.Equal(2, created["goals"]!.AsArray().Count);

        await PlanScenario.TakePackageAsync(doneClient, PlanFixture.FirstPackage);
        await PlanScenario.TakePackageAsync(doneClient, PlanFixture.SecondPackage);
        await PlanScenario.TakePackageAsync(halfClient, PlanFixture.SecondPackage);

        // Learners: their own plans and progress.
        var mine = await MyPlanAsync(doneClient, planId);
        Assert.Equal(2, mine["progress"]!["completedPackages"]!.GetValue<int>());
        Assert.True(mine["progress"]!["isComplete"]!.GetValue<bool>());
        Assert.False(mine["progress"]!["completedLate"]!.GetValue<bool>());
        var half = await MyPlanAsync(halfClient, planId);
        Assert.Equal([PlanFixture.SecondPackage], Ids(half["progress"]!["completedPackageIds"]));
        Assert.False(half["progress"]!["isOverdue"]!.GetValue<bool>());
        Assert.DoesNotContain((await outsider.QueryAsync("{ myTrainingPlans { plan { id } } }"))["myTrainingPlans"]!.AsArray(),
            p => p!["plan"]!["id"]!.GetValue<string>() == planId);
        (await outsider.PostAsync(PlanQuery, new { id = planId })).AssertError("FORBIDDEN");

        // Managers: each sees the learners of the departments they manage, and nothing of plans elsewhere.
        var managerA = Scenario.Manager(a);
        Assert.Equal(new[] { doneA, idleA }.Order(), (await LearnerProgressAsync(managerA, planId, false)).Select(r => r["learnerId"]!.GetValue<string>()).Order());
        (await Scenario.Manager(other).PostAsync(PlanQuery, new { id = planId })).AssertError("FORBIDDEN");
        Assert.Empty(await OverdueAsync(managerA));

        // After the deadline the incomplete assignments are overdue, each visible to its own department's manager.
        fixture.Clock.Advance(deadline - Scenario.Now + TimeSpan.FromMinutes(1));
        Assert.Equal([idleA], (await OverdueAsync(managerA)).Select(r => r["learnerId"]!.GetValue<string>()));
        Assert.Equal([halfB], (await OverdueAsync(Scenario.Manager(b))).Select(r => r["learnerId"]!.GetValue<string>()));
        Assert.Equal([idleA], (await LearnerProgressAsync(managerA, planId, true)).Select(r => r["learnerId"]!.GetValue<string>()));
        Assert.Empty(await OverdueAsync(Scenario.Manager(other)));
        var admin = await OverdueAsync(fixture.Server.Client);
        Assert.Contains(admin, r => r["learnerId"]!.GetValue<string>() == halfB);
        Assert.True((await MyPlanAsync(idleClient, planId))["progress"]!["isOverdue"]!.GetValue<bool>());
        Assert.False((await MyPlanAsync(doneClient, planId))["progress"]!["isOverdue"]!.GetValue<bool>());

        // Finishing late clears the overdue mark and says it was late.
        await PlanScenario.TakePackageAsync(halfClient, PlanFixture.FirstPackage);
        var late = await MyPlanAsync(halfClient, planId);
        Assert.True(late["progress"]!["completedLate"]!.GetValue<bool>());
        Assert.DoesNotContain(await OverdueAsync(Scenario.Manager(b)), r => r["learnerId"]!.GetValue<string>() == halfB);
    }

    [Fact]
    public async Task an_optional_plan_is_never_overdue()
    {
        var department = await Scenario.Admin.CreateDepartmentAsync();
        var (learner, client) = await Scenario.LearnerAsync(department);
        var planId = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(Scenario.Manager(department), planId, [department], [PlanFixture.FirstPackage],
            Scenario.Now.AddMinutes(5), required: false)).AssertNoErrors();

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.False((await MyPlanAsync(client, planId))["progress"]!["isOverdue"]!.GetValue<bool>());
        Assert.DoesNotContain(await OverdueAsync(Scenario.Manager(department)), r => r["learnerId"]!.GetValue<string>() == learner);
    }

    [Fact]
    public async Task a_manager_assigns_plans_only_to_their_departments_and_bad_plans_change_nothing()
    {
        var (mine, theirs) = (await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync());
        var manager = Scenario.Manager(mine);
        var deadline = Scenario.Now.AddDays(30);

        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [mine, theirs], [PlanFixture.FirstPackage], deadline))
            .AssertError("FORBIDDEN");
        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [mine], ["no.such.package"], deadline)).AssertError("NOT_FOUND");
        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [mine], [PlanFixture.FirstPackage], Scenario.Now.AddDays(-1)))
            .AssertError("BAD_USER_INPUT");
        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [mine], [PlanFixture.FirstPackage], deadline,
            [PlanScenario.Workshop("w", Scenario.Now, capacity: 0)])).AssertError("BAD_USER_INPUT");
        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [mine], [PlanFixture.FirstPackage], deadline,
            [new { id = "talk", kind = "EXPERT_LECTURE", capacity = 50, startsAt = Scenario.Now, endsAt = Scenario.Now.AddHours(1),
                location = "报告厅", titles = new { zhCN = "区块链政务应用讲座", en = "Blockchain in government" } }]))
            .AssertError("BAD_USER_INPUT");
        // Ids so long that the check-in statement's key could not be recorded; a date out of any sensible range.
        (await PlanScenario.CreatePlanAsync(manager, "plan-" + new string('p', 59), [mine], [PlanFixture.FirstPackage], deadline,
            [PlanScenario.Workshop("w" + new string('s', 59), Scenario.Now.AddDays(1))])).AssertError("BAD_USER_INPUT");
        (await PlanScenario.CreatePlanAsync(manager, Scenario.NewPlanId(), [mine], [PlanFixture.FirstPackage], new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero)))
            .AssertError("BAD_USER_INPUT");

        var plans = (await manager.QueryAsync("{ trainingPlans { id } }"))["trainingPlans"]!.AsArray();
        Assert.Empty(plans);
        var id = Scenario.NewPlanId();
        (await PlanScenario.CreatePlanAsync(manager, id, [mine], [PlanFixture.FirstPackage], deadline)).AssertNoErrors();
        (await PlanScenario.CreatePlanAsync(manager, id, [mine], [PlanFixture.FirstPackage], deadline)).AssertError("CONFLICT");
        Assert.Equal([id], (await manager.QueryAsync("{ trainingPlans { id } }"))["trainingPlans"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
    }

    private const string PlanQuery = "query($id: ID!) { trainingPlan(id: $id) { id myProgress { completedPackages } } }";

    private static async Task<JsonNode> MyPlanAsync(GraphQLClient learner, string planId) =>
        (await learner.QueryAsync("""
            { myTrainingPlans {
                plan { id deadline required }
                progress { completedPackages totalPackages completedPackageIds isComplete completedAt completedLate isOverdue }
                seats { sessionId attended } } }
            """))["myTrainingPlans"]!.AsArray().Single(p => p!["plan"]!["id"]!.GetValue<string>() == planId)!;

    private static async Task<List<JsonNode>> LearnerProgressAsync(GraphQLClient manager, string planId, bool overdueOnly) =>
        (await manager.QueryAsync("""
            query($id: ID!, $o: Boolean) { trainingPlan(id: $id) { learnerProgress(overdueOnly: $o) { learnerId departmentId completedPackages isOverdue } } }
            """, new { id = planId, o = overdueOnly }))["trainingPlan"]!["learnerProgress"]!.AsArray().Select(n => n!).ToList();

    private static async Task<List<JsonNode>> OverdueAsync(GraphQLClient manager) =>
        (await manager.QueryAsync("{ overdueAssignments { planId learnerId departmentId deadline completedPackages totalPackages isOverdue } }"))
            ["overdueAssignments"]!.AsArray().Select(n => n!).ToList();

    private static string[] Ids(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}

[Collection(SqlitePlanCollection.Name)]
public sealed class TrainingPlanTestsOnSqlite(SqlitePlanFixture fixture) : TrainingPlanTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class TrainingPlanTestsOnPostgres(PostgresPlanFixture fixture) : TrainingPlanTests(fixture);
