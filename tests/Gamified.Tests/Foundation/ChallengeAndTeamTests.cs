using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

[Collection(SqliteServerCollection.Name)]
public sealed class ChallengeAndTeamTests(SqliteServerFixture fixture)
{
    private GraphQLClient Client => fixture.Server.Client;
    private Scenario Scenario => new(Client);

    [Fact]
    public async Task a_race_has_exactly_its_first_n_winners_when_twenty_finish_at_once()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var learners = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Scenario.RegisterLearnerAsync(department)));
        var race = await Scenario.CreateChallengeAsync(points: 30, firstN: 3, kind: "RACE");

        var results = await Task.WhenAll(learners.Select(learner => Client.PostAsync(
            "mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points winnerRank } userErrors { code message field } } }",
            new { input = new { challengeId = race, learnerId = learner } })));

        foreach (var result in results) result.AssertNoErrors();
        var ranks = results.Select(r => r.Data!["completeChallenge"]!["challengeCompletion"]!["winnerRank"]?.GetValue<int>()).OfType<int>().Order().ToList();
        Assert.Equal([1, 2, 3], ranks);
        var challenge = (await Client.QueryAsync("query($id: ID!) { challenge(id: $id) { completionCount winners { rank learnerId } } }",
            new { id = race }))["challenge"]!;
        Assert.Equal(20, challenge["completionCount"]!.GetValue<int>());
        Assert.Equal(3, challenge["winners"]!.AsArray().Count);
        foreach (var learner in learners) Assert.Equal(30, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task open_challenges_are_listed_apart_from_closed_ones()
    {
        var open = await Scenario.CreateChallengeAsync(points: 5);
        var closed = await Scenario.CreateChallengeAsync(points: 5,
            opensAt: DateTimeOffset.UtcNow.AddDays(-3), closesAt: DateTimeOffset.UtcNow.AddDays(-2));

        var all = (await Client.QueryAsync("{ challenges { id isOpen } }"))["challenges"]!.AsArray();
        var openOnly = (await Client.QueryAsync("{ challenges(openOnly: true) { id } }"))["challenges"]!.AsArray();

        Assert.Contains(all, c => c!["id"]!.GetValue<string>() == closed && !c["isOpen"]!.GetValue<bool>());
        Assert.Contains(openOnly, c => c!["id"]!.GetValue<string>() == open);
        Assert.DoesNotContain(openOnly, c => c!["id"]!.GetValue<string>() == closed);
    }

    [Fact]
    public async Task a_team_with_members_from_two_departments_is_cross_department()
    {
        var planning = await Scenario.CreateDepartmentAsync();
        var health = await Scenario.CreateDepartmentAsync();
        var a = await Scenario.RegisterLearnerAsync(planning);
        var b = await Scenario.RegisterLearnerAsync(health);
        var team = Scenario.NewId("team");
        await Client.QueryAsync("mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { id = team, names = new { zhCN = "数据共享专班", en = "Data-sharing task force" }, maxMembers = 2 } });

        const string join = "mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { isCrossDepartment departmentIds members { learnerId } } userErrors { code message field } } }";
        var afterFirst = await Client.QueryAsync(join, new { input = new { teamId = team, learnerId = a } });
        var afterSecond = await Client.QueryAsync(join, new { input = new { teamId = team, learnerId = b } });

        Assert.False(afterFirst["joinTeam"]!["team"]!["isCrossDepartment"]!.GetValue<bool>());
        Assert.True(afterSecond["joinTeam"]!["team"]!["isCrossDepartment"]!.GetValue<bool>());
        Assert.Equal(team, (await Scenario.LearnerAsync(a))["teams"]![0]!["id"]!.GetValue<string>());

        var third = await Scenario.RegisterLearnerAsync(planning);
        (await Client.PostAsync(join, new { input = new { teamId = team, learnerId = third } })).AssertError("CONFLICT");
        (await Client.PostAsync(join, new { input = new { teamId = team, learnerId = a } })).AssertError("CONFLICT");
        (await Client.PostAsync(join, new { input = new { teamId = "no-such-team", learnerId = a } })).AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task a_badge_is_held_once_and_says_why()
    {
        var learner = await Scenario.RegisterLearnerAsync(await Scenario.CreateDepartmentAsync());
        const string award = "mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId reason ledgerSeq } userErrors { code message field } } }";

        var first = await Client.QueryAsync(award, new { input = new { learnerId = learner, badgeId = "service-star", reason = "群众满意度评价第一" } });
        var second = await Client.PostAsync(award, new { input = new { learnerId = learner, badgeId = "service-star", reason = "again" } });

        Assert.Equal("群众满意度评价第一", first["awardBadge"]!["earnedBadge"]!["reason"]!.GetValue<string>());
        second.AssertError("CONFLICT");
        var ledger = await Scenario.FullLedgerAsync(learner);
        Assert.Equal("BADGE", ledger.Single()["kind"]!.GetValue<string>());
        Assert.Equal(0, (await Scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_department_can_sit_under_a_bureau_but_not_under_an_unknown_one()
    {
        var bureau = await Scenario.CreateDepartmentAsync();
        var office = await Scenario.CreateDepartmentAsync(parentId: bureau);

        var lookup = await Client.QueryAsync("query($id: ID!) { department(id: $id) { parent { id } } }", new { id = office });
        Assert.Equal(bureau, lookup["department"]!["parent"]!["id"]!.GetValue<string>());

        var orphan = await Client.PostAsync("mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code message field } } }",
            new { input = new { id = Scenario.NewId("dept"), names = new { zhCN = "科", en = "Office" }, parentId = "no-such-bureau" } });
        orphan.AssertError("NOT_FOUND");
        var duplicate = await Client.PostAsync("mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code message field } } }",
            new { input = new { id = bureau, names = new { zhCN = "科", en = "Office" } } });
        duplicate.AssertError("CONFLICT");
    }
}
