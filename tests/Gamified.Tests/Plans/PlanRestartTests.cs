using Gamified.Api.Security;
using Gamified.Tests.Brainstorms;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>Seats, waiting lists, check-ins, session secrets, plan changes, votes and moderation are stored: a restart keeps every one.</summary>
public sealed class PlanRestartTests
{
    [Fact]
    public Task sessions_and_brainstorms_survive_a_restart_on_sqlite() => SurviveRestart(ServerStorage.NewSqlite());

    [Fact]
    public async Task sessions_and_brainstorms_survive_a_restart_on_postgres() => await SurviveRestart(await ServerStorage.NewPostgresAsync());

    private static async Task SurviveRestart(ServerStorage storage)
    {
        var content = $"--Content:Directory={ContentScenario.NewContentDirectory(("sample", null))}";
        var clock = new TestClock();
        var (a, b) = (Scenario.NewId("dept"), Scenario.NewId("dept"));
        var (attendee, waiting, voter) = (Scenario.NewId("learner"), Scenario.NewId("learner"), Scenario.NewId("learner"));
        var (planId, brainstormId) = (Scenario.NewId("plan"), Scenario.NewId("brainstorm"));
        const string host = "expert-zhao";
        string idea, hiddenIdea;

        await using (var server = await GamifiedServer.StartAsync(storage, clock, content))
        {
            var admin = new Scenario(server.Client);
            await admin.CreateDepartmentAsync(a);
            await admin.CreateDepartmentAsync(b);
            foreach (var (id, department) in new[] { (attendee, a), (waiting, a), (voter, b) }) await admin.RegisterLearnerAsync(department, id);
            var manager = server.ClientAs("manager-restart", [Roles.Manager], [a, b]);
            (await PlanScenario.CreatePlanAsync(manager, planId, [a], [PlanFixture.FirstPackage], clock.GetUtcNow().AddDays(7),
                [PlanScenario.Workshop("workshop", clock.GetUtcNow(), hostId: host), PlanScenario.Workshop("full", clock.GetUtcNow().AddDays(3), capacity: 1)]))
                .AssertNoErrors();
            await PlanScenario.RegisterAsync(Learner(server, attendee, a), planId, "full");
            Assert.Equal(1, (await PlanScenario.RegisterAsync(Learner(server, waiting, a), planId, "full"))["waitingPosition"]!.GetValue<int>());
            (await manager.PostAsync("mutation($input: UpdateTrainingPlanInput!) { updateTrainingPlan(input: $input) { trainingPlanUpdate { stored } userErrors { code message field } } }",
                new { input = new { id = planId, deadline = clock.GetUtcNow().AddDays(14) } })).AssertNoErrors();
            await PlanScenario.RegisterAsync(Learner(server, attendee, a), planId, "workshop");
            await PlanScenario.RegisterAsync(Learner(server, waiting, a), planId, "workshop");
            var code = await PlanScenario.CodeOfAsync(server.ClientAs(host, [Roles.Author]), planId, "workshop");
            (await PlanScenario.CheckInAsync(Learner(server, attendee, a), planId, "workshop", code)).AssertNoErrors();

            (await BrainstormScenario.CreateAsync(manager, brainstormId, [a, b], clock.GetUtcNow().AddDays(1), votesPerLearner: 2)).AssertNoErrors();
            idea = await BrainstormScenario.IdeaAsync(Learner(server, attendee, a), brainstormId, "办事指南配上示例填写的表格。");
            hiddenIdea = await BrainstormScenario.IdeaAsync(Learner(server, waiting, a), brainstormId, "与主题无关的内容，应当隐藏。");
            (await BrainstormScenario.VoteAsync(Learner(server, voter, b), brainstormId, idea)).AssertNoErrors();
            (await BrainstormScenario.VoteAsync(Learner(server, voter, b), brainstormId, hiddenIdea)).AssertNoErrors();
            (await manager.PostAsync("mutation($input: HideIdeaInput!) { hideIdea(input: $input) { idea { id } userErrors { code message field } } }",
                new { input = new { brainstormId, ideaId = hiddenIdea, reason = "离题" } })).AssertNoErrors();
        }

        await using (var server = await GamifiedServer.StartAsync(storage, clock, content))
        {
            var seats = (await Learner(server, attendee, a).QueryAsync("query($id: ID!) { trainingPlan(id: $id) { mySeats { attended } sessions { registeredCount attendedCount } } }",
                new { id = planId }))["trainingPlan"]!;
            Assert.True(seats["mySeats"]![0]!["attended"]!.GetValue<bool>());
            Assert.Equal(2, seats["sessions"]![0]!["registeredCount"]!.GetValue<int>());
            var code = await PlanScenario.CodeOfAsync(server.ClientAs(host, [Roles.Author]), planId, "workshop");
            (await PlanScenario.CheckInAsync(Learner(server, waiting, a), planId, "workshop", code)).AssertNoErrors();
            Assert.Equal(15, (await new Scenario(server.Client).LearnerAsync(attendee))["xp"]!.GetValue<int>());

            // The waiting list and the plan's revision came back: a place given up now goes to the learner who waited.
            Assert.Equal(1, (await server.Client.QueryAsync("query($id: ID!) { trainingPlan(id: $id) { revision } }", new { id = planId }))["trainingPlan"]!["revision"]!.GetValue<int>());
            (await Learner(server, attendee, a).PostAsync("mutation($input: SessionRefInput!) { cancelRegistration(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }",
                new { input = new { planId, sessionId = "full" } })).AssertNoErrors();
            var full = (await Learner(server, waiting, a).QueryAsync("query($id: ID!) { trainingPlan(id: $id) { mySeats { sessionId waitingPosition } } }", new { id = planId }))
                ["trainingPlan"]!["mySeats"]!.AsArray().Single(x => x!["sessionId"]!.GetValue<string>() == "full")!;
            Assert.Null(full["waitingPosition"]?.GetValue<int>());

            var voting = Learner(server, voter, b);
            (await BrainstormScenario.VoteAsync(voting, brainstormId, idea)).AssertError("ALREADY_VOTED");
            var seen = (await voting.QueryAsync("query($id: ID!) { brainstorm(id: $id) { myVotesLeft ideas { id } } }", new { id = brainstormId }))["brainstorm"]!;
            Assert.Equal(1, seen["myVotesLeft"]!.GetValue<int>());
            Assert.Equal([idea], seen["ideas"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        }
    }

    private static GraphQLClient Learner(GamifiedServer server, string id, string department) => server.ClientAs(id, [Roles.Learner], [department]);
}
