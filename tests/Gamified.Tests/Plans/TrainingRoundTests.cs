using Gamified.Api.Security;
using Gamified.Tests.Brainstorms;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>
/// One round of training as the seed document describes it, all over GraphQL: a manager assigns a plan with a
/// workshop to two departments, learners take the packages and check in at the workshop, and a brainstorm runs
/// across the departments; every step lands in the learners' ledgers.
/// </summary>
public abstract class TrainingRoundTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    [Fact]
    public async Task a_manager_runs_a_round_of_plan_workshop_and_brainstorm_across_two_departments()
    {
        var (data, civil) = (await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync());
        var manager = Scenario.Manager(data, civil);
        var (zhang, zhangClient) = await Scenario.LearnerAsync(data);
        var (li, liClient) = await Scenario.LearnerAsync(civil);
        var planId = Scenario.NewPlanId();
        const string expert = "expert-wang";
        (await PlanScenario.CreatePlanAsync(manager, planId, [data, civil], [PlanFixture.FirstPackage], Scenario.Now.AddDays(14),
            [PlanScenario.Workshop("workshop", Scenario.Now.AddMinutes(10), capacity: 20, hostId: expert)])).AssertNoErrors();

        foreach (var (_, client) in new[] { (zhang, zhangClient), (li, liClient) })
        {
            await PlanScenario.TakePackageAsync(client, PlanFixture.FirstPackage);
            await PlanScenario.RegisterAsync(client, planId, "workshop");
        }
        var code = await PlanScenario.CodeOfAsync(fixture.Server.ClientAs(expert, [Roles.Author]), planId, "workshop");
        foreach (var client in new[] { zhangClient, liClient })
            (await PlanScenario.CheckInAsync(client, planId, "workshop", code)).AssertNoErrors();

        var brainstorm = Scenario.NewPlanId().Replace("plan", "brainstorm");
        (await BrainstormScenario.CreateAsync(manager, brainstorm, [data, civil], Scenario.Now.AddDays(2))).AssertNoErrors();
        var idea = await BrainstormScenario.IdeaAsync(zhangClient, brainstorm, "婚姻登记证明直接从民政数据接口调取，免交复印件。");
        await BrainstormScenario.IdeaAsync(liClient, brainstorm, "低保申请与残联、人社数据联动核验。");
        (await BrainstormScenario.VoteAsync(liClient, brainstorm, idea)).AssertNoErrors();
        (await BrainstormScenario.CloseAsync(manager, brainstorm)).AssertNoErrors();

        var view = await manager.QueryAsync("""
            query($id: ID!) { trainingPlan(id: $id) { sessions { attendedCount } learnerProgress { learnerId isComplete } } }
            """, new { id = planId });
        Assert.Equal(2, view["trainingPlan"]!["sessions"]![0]!["attendedCount"]!.GetValue<int>());
        Assert.All(view["trainingPlan"]!["learnerProgress"]!.AsArray(), p => Assert.True(p!["isComplete"]!.GetValue<bool>()));
        var zhangLedger = await Scenario.Admin.FullLedgerAsync(zhang);
        foreach (var reason in new[] { "completed package", "attended session", "submitted-idea idea", "won-idea idea" })
            Assert.Contains(zhangLedger, e => e["reason"]!.GetValue<string>().StartsWith(reason, StringComparison.Ordinal));
        Assert.Contains(await Scenario.Admin.FullLedgerAsync(li), e => e["reason"]!.GetValue<string>().StartsWith("voted-idea idea", StringComparison.Ordinal));
    }
}

[Collection(SqlitePlanCollection.Name)]
public sealed class TrainingRoundTestsOnSqlite(SqlitePlanFixture fixture) : TrainingRoundTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class TrainingRoundTestsOnPostgres(PostgresPlanFixture fixture) : TrainingRoundTests(fixture);
