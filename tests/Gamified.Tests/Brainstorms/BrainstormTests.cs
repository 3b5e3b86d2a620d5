using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Plans;

namespace Gamified.Tests.Brainstorms;

/// <summary>Brainstorms across departments: ideas, cross-department votes within a budget, moderation and results.</summary>
public abstract class BrainstormTests(PlanFixture fixture)
{
    private PlanScenario Scenario => new(fixture);

    private sealed record Round(string Id, string[] Departments, GraphQLClient Manager,
        (string Id, GraphQLClient Client)[] Learners);

    /// <summary>Three departments, two learners in each (learners[0..1] in the first department, and so on).</summary>
    private async Task<Round> RoundAsync(int votesPerLearner = 3, int winnerCount = 1)
    {
        var departments = new[]
        {
            await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync(), await Scenario.Admin.CreateDepartmentAsync(),
        };
        var learners = new List<(string, GraphQLClient)>();
        foreach (var department in departments)
            for (var i = 0; i < 2; i++) learners.Add(await Scenario.LearnerAsync(department));
        var manager = Scenario.Manager(departments);
        var id = Scenario.NewPlanId().Replace("plan", "brainstorm");
        (await BrainstormScenario.CreateAsync(manager, id, departments, Scenario.Now.AddDays(3), votesPerLearner, winnerCount)).AssertNoErrors();
        return new Round(id, departments, manager, learners.ToArray());
    }

    private static async Task<JsonNode> BrainstormAsync(GraphQLClient client, string id, bool includeHidden = false) =>
        (await client.QueryAsync("""
            query($id: ID!, $h: Boolean) { brainstorm(id: $id) {
              id isOpen finalisedAt ideaCount myVotesLeft
              ideas(includeHidden: $h) { id text votes rank hidden hiddenReason authorId mine }
              winners { id authorId votes rank } } }
            """, new { id, h = includeHidden }))["brainstorm"]!;

    [Fact]
    public async Task votes_go_across_departments_once_per_idea_never_to_ones_own_and_within_the_budget()
    {
        var round = await RoundAsync(votesPerLearner: 2);
        var (a1, a2, b1, c1) = (round.Learners[0].Client, round.Learners[1].Client, round.Learners[2].Client, round.Learners[4].Client);
        var ideaA = await BrainstormScenario.IdeaAsync(a1, round.Id, "在政务大厅设置“一件事”综合窗口，一次提交全部材料。");
        var ideaA2 = await BrainstormScenario.IdeaAsync(a2, round.Id, "证明材料通过数据共享调取，群众不再自己开证明。");
        var ideaC = await BrainstormScenario.IdeaAsync(c1, round.Id, "Publish the list of documents each service needs, in plain language.");

        (await BrainstormScenario.VoteAsync(a1, round.Id, ideaA)).AssertError("SELF_VOTE");
        (await BrainstormScenario.VoteAsync(a2, round.Id, ideaA)).AssertError("SAME_DEPARTMENT_VOTE");
        Assert.Equal(1, (await BrainstormScenario.VoteAsync(b1, round.Id, ideaA)).AssertNoErrors().Data!["voteIdea"]!["voteReceipt"]!["votesLeft"]!.GetValue<int>());
        (await BrainstormScenario.VoteAsync(b1, round.Id, ideaA)).AssertError("ALREADY_VOTED");
        Assert.Equal(0, (await BrainstormScenario.VoteAsync(b1, round.Id, ideaC)).AssertNoErrors().Data!["voteIdea"]!["voteReceipt"]!["votesLeft"]!.GetValue<int>());
        (await BrainstormScenario.VoteAsync(b1, round.Id, ideaA2)).AssertError("VOTE_BUDGET_EXHAUSTED");
        (await BrainstormScenario.VoteAsync(b1, round.Id, "idea-404")).AssertError("NOT_FOUND");

        // While open, learners do not see who wrote what or the vote counts; moderators do.
        var seenByLearner = await BrainstormAsync(c1, round.Id);
        Assert.All(seenByLearner["ideas"]!.AsArray(), i => Assert.Null(i!["votes"]));
        Assert.Null(seenByLearner["ideas"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == ideaA)!["authorId"]);
        Assert.Equal(0, (await BrainstormAsync(b1, round.Id))["myVotesLeft"]!.GetValue<int>());
        var seenByManager = await BrainstormAsync(round.Manager, round.Id);
        Assert.Equal(1, seenByManager["ideas"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == ideaA)!["votes"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_burst_of_votes_from_one_learner_stays_within_the_budget()
    {
        var round = await RoundAsync(votesPerLearner: 2);
        var ideas = new List<string>();
        foreach (var (_, client) in round.Learners.Take(2))
            for (var i = 0; i < 3; i++) ideas.Add(await BrainstormScenario.IdeaAsync(client, round.Id, $"第 {i + 1} 条建议：简化材料，减少环节。"));
        var voter = round.Learners[3].Client;

        var votes = await Task.WhenAll(ideas.Select(idea => BrainstormScenario.VoteAsync(voter, round.Id, idea)));

        Assert.Equal(2, votes.Count(v => v.RefusalCode is null));
        Assert.All(votes.Where(v => v.RefusalCode is not null), v => Assert.Equal("VOTE_BUDGET_EXHAUSTED", v.RefusalCode));
        var counted = (await BrainstormAsync(round.Manager, round.Id))["ideas"]!.AsArray().Sum(i => i!["votes"]!.GetValue<int>());
        Assert.Equal(2, counted);
    }

    [Fact]
    public async Task a_hidden_idea_drops_out_of_the_results_gives_back_its_votes_and_the_hiding_is_audited()
    {
        var round = await RoundAsync(votesPerLearner: 1, winnerCount: 1);
        var (author, spammer, voter) = (round.Learners[0], round.Learners[2], round.Learners[4]);
        var good = await BrainstormScenario.IdeaAsync(author.Client, round.Id, "把高频事项做成“免申即享”，主动推送给符合条件的群众。");
        var spam = await BrainstormScenario.IdeaAsync(spammer.Client, round.Id, "广告：代办各类证件，价格优惠，请加微信。");
        (await BrainstormScenario.VoteAsync(voter.Client, round.Id, spam)).AssertNoErrors();
        (await BrainstormScenario.VoteAsync(round.Learners[1].Client, round.Id, spam)).AssertNoErrors();
        (await BrainstormScenario.VoteAsync(round.Learners[3].Client, round.Id, good)).AssertNoErrors();

        (await Scenario.Manager(await Scenario.Admin.CreateDepartmentAsync()).PostAsync(HideIdea,
            new { input = new { brainstormId = round.Id, ideaId = spam, reason = "广告" } })).AssertError("FORBIDDEN");
        (await round.Manager.PostAsync(HideIdea, new { input = new { brainstormId = round.Id, ideaId = spam, reason = " " } }))
            .AssertError("BAD_USER_INPUT");
        var hidden = (await round.Manager.PostAsync(HideIdea,
            new { input = new { brainstormId = round.Id, ideaId = spam, reason = "广告与主题无关 / advertising" } })).AssertNoErrors();
        Assert.True(hidden.Data!["hideIdea"]!["idea"]!["hidden"]!.GetValue<bool>());

        Assert.DoesNotContain((await BrainstormAsync(voter.Client, round.Id))["ideas"]!.AsArray(), i => i!["id"]!.GetValue<string>() == spam);
        (await voter.Client.PostAsync("query($id: ID!) { brainstorm(id: $id) { ideas(includeHidden: true) { id } } }", new { id = round.Id }))
            .AssertError("FORBIDDEN");
        Assert.Equal("广告与主题无关 / advertising", (await BrainstormAsync(round.Manager, round.Id, includeHidden: true))["ideas"]!.AsArray()
            .Single(i => i!["id"]!.GetValue<string>() == spam)!["hiddenReason"]!.GetValue<string>());
        Assert.Equal(1, (await BrainstormAsync(voter.Client, round.Id))["myVotesLeft"]!.GetValue<int>());
        (await BrainstormScenario.VoteAsync(voter.Client, round.Id, spam)).AssertError("NOT_FOUND");

        (await BrainstormScenario.CloseAsync(round.Manager, round.Id)).AssertNoErrors();
        var results = await BrainstormAsync(voter.Client, round.Id);
        Assert.Equal([good], results["ideas"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(good, results["winners"]!.AsArray().Single()!["id"]!.GetValue<string>());
        Assert.Equal(0, await Scenario.XpAsync(spammer.Id));

        var audit = (await fixture.Server.Client.QueryAsync("{ auditLog(action: \"hideIdea\", first: 100) { edges { node { actor target outcome details } } } }"))
            ["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]).ToList().Where(e => e!["target"]?.GetValue<string>() == round.Id).ToList();
        // Which idea was hidden; the moderator's reason, which may speak of its author, is withheld (erasure cannot reach the log).
        Assert.Contains(audit, e => e!["outcome"]!.GetValue<string>() == "OK" && e["details"]!.GetValue<string>().Contains(spam)
                                    && !e["details"]!.GetValue<string>().Contains("advertising"));
        Assert.Contains(audit, e => e!["outcome"]!.GetValue<string>() != "OK");
    }

    [Fact]
    public async Task closing_turns_ideas_votes_and_winners_into_awards_once()
    {
        var round = await RoundAsync(votesPerLearner: 3, winnerCount: 1);
        var (winner, runnerUp, voterB, voterC) = (round.Learners[0], round.Learners[2], round.Learners[3], round.Learners[4]);
        var first = await BrainstormScenario.IdeaAsync(winner.Client, round.Id, "建立跨部门数据共享清单，按清单授权调用。");
        var second = await BrainstormScenario.IdeaAsync(runnerUp.Client, round.Id, "Train front-desk staff on the shared-data consent flow.");
        (await BrainstormScenario.VoteAsync(voterB.Client, round.Id, first)).AssertNoErrors();
        (await BrainstormScenario.VoteAsync(voterC.Client, round.Id, first)).AssertNoErrors();
        (await BrainstormScenario.VoteAsync(voterC.Client, round.Id, second)).AssertNoErrors();
        (await BrainstormScenario.CloseAsync(round.Learners[0].Client, round.Id)).AssertError("FORBIDDEN");
        // The key the server will record the idea's statement under is not the learner's to take first (it would block the close).
        (await new Infrastructure.Scenario(winner.Client).RecordActivityAsync(winner.Id, $"brainstorm:{round.Id}:{first}:submitted",
            verb: "RATED", objectId: first, objectKind: "PACKAGE")).AssertError("BAD_USER_INPUT");

        var closed = (await BrainstormScenario.CloseAsync(round.Manager, round.Id)).AssertNoErrors().Data!["closeBrainstorm"]!["brainstorm"]!;
        Assert.False(closed["isOpen"]!.GetValue<bool>());
        var again = await BrainstormScenario.CloseAsync(round.Manager, round.Id);
        again.AssertNoErrors();

        Assert.Equal(5 + 30, await Scenario.XpAsync(winner.Id));        // submitted-idea + won-idea
        Assert.Equal(5, await Scenario.XpAsync(runnerUp.Id));
        Assert.Equal(1, await Scenario.XpAsync(voterB.Id));             // voted-idea
        Assert.Equal(2, await Scenario.XpAsync(voterC.Id));
        var results = await BrainstormAsync(voterB.Client, round.Id);
        Assert.Equal(new[] { 1, 2 }, results["ideas"]!.AsArray().Select(i => i!["rank"]!.GetValue<int>()));
        // Others see the winner by the name they chose (a pseudonym by default), not by id; the moderator sees the id.
        Assert.Null(results["winners"]!.AsArray().Single()!["authorId"]);
        Assert.Equal(winner.Id, (await BrainstormAsync(round.Manager, round.Id))["winners"]!.AsArray().Single()!["authorId"]!.GetValue<string>());
        Assert.Equal(2, results["ideas"]![0]!["votes"]!.GetValue<int>());
        (await BrainstormScenario.SubmitAsync(voterB.Client, round.Id, "会后补充的建议：也应该算进来。")).AssertError("BRAINSTORM_NOT_OPEN");
        (await BrainstormScenario.VoteAsync(voterB.Client, round.Id, second)).AssertError("BRAINSTORM_NOT_OPEN");
    }

    [Fact]
    public async Task only_the_brainstorms_departments_take_part_and_ideas_are_checked()
    {
        var round = await RoundAsync();
        var (_, outsider) = await Scenario.LearnerAsync(await Scenario.Admin.CreateDepartmentAsync());
        var learner = round.Learners[0].Client;

        (await BrainstormScenario.SubmitAsync(outsider, round.Id, "我也想提一个建议。")).AssertError("NOT_ASSIGNED");
        (await outsider.PostAsync("query($id: ID!) { brainstorm(id: $id) { id } }", new { id = round.Id })).AssertError("FORBIDDEN");
        (await BrainstormScenario.SubmitAsync(learner, round.Id, "好")).AssertError("BAD_USER_INPUT");
        (await BrainstormScenario.SubmitAsync(learner, round.Id, new string('长', 1001))).AssertError("BAD_USER_INPUT");
        (await BrainstormScenario.SubmitAsync(learner, round.Id, "控制字符 \u0007 不行")).AssertError("BAD_USER_INPUT");
        var text = "窗口人员轮岗学习数据共享，减少退件。";
        (await BrainstormScenario.SubmitAsync(learner, round.Id, text)).AssertNoErrors();
        (await BrainstormScenario.SubmitAsync(learner, round.Id, text)).AssertError("CONFLICT");
        (await Scenario.Manager(round.Departments[0]).PostAsync("""
            mutation($input: CreateBrainstormInput!) { createBrainstorm(input: $input) { brainstorm { id } userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id = Scenario.NewPlanId(), departmentIds = round.Departments, closesAt = Scenario.Now.AddDays(1),
                titles = new { zhCN = "越权", en = "Overreach" }, question = new { zhCN = "问题？", en = "Question?" },
            },
        })).AssertError("FORBIDDEN");
        Assert.Contains((await learner.QueryAsync("{ brainstorms(openOnly: true) { id } }"))["brainstorms"]!.AsArray(),
            b => b!["id"]!.GetValue<string>() == round.Id);
    }

    private const string HideIdea = "mutation($input: HideIdeaInput!) { hideIdea(input: $input) { idea { id hidden hiddenReason } userErrors { code message field } } }";
}

[Collection(SqlitePlanCollection.Name)]
public sealed class BrainstormTestsOnSqlite(SqlitePlanFixture fixture) : BrainstormTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class BrainstormTestsOnPostgres(PostgresPlanFixture fixture) : BrainstormTests(fixture);
