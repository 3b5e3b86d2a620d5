using Gamified.Common;
using Gamified.Rewards;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Rewards;

/// <summary>Badge criteria, tiers, and exactly-once awarding.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class BadgeTests(SqliteServerFixture fixture)
{
    private static SchemeVersion Scheme(params BadgeDefinition[] badges) =>
        new("s", 3, new SchemeDefinition(new LocalizedText("方案", "Scheme"), [], [], [], SchemeCaps.None, [], badges),
            SchemeStatus.Active, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, "test");

    private static BadgeDefinition Badge(string id, BadgeCriterion criterion, double threshold, string? tag = null, string? package = null,
        string? challenge = null, params BadgeTier[] tiers) =>
        new(id, new LocalizedText("徽章", "Badge"), new LocalizedText("说明", "About"), null, criterion,
            tiers.Length > 0 ? tiers : [new BadgeTier("", threshold)], tag, package, challenge);

    private static readonly BadgeFacts Nothing = new(0, 1, [], 0, false, null, null, null, null);

    private static string[] Earned(SchemeVersion scheme, BadgeFacts facts, params string[] held) =>
        BadgeEngine.Earned([scheme], facts, held.ToHashSet()).Select(b => b.BadgeId).ToArray();

    [Fact]
    public void each_criterion_awards_when_met_and_not_before()
    {
        Assert.Equal(["xp"], Earned(Scheme(Badge("xp", BadgeCriterion.XpThreshold, 500)), Nothing with { Xp = 500 }));
        Assert.Empty(Earned(Scheme(Badge("xp", BadgeCriterion.XpThreshold, 500)), Nothing with { Xp = 499 }));
        Assert.Equal(["level"], Earned(Scheme(Badge("level", BadgeCriterion.LevelReached, 3)), Nothing with { Level = 3 }));
        Assert.Empty(Earned(Scheme(Badge("level", BadgeCriterion.LevelReached, 3)), Nothing with { Level = 2 }));
        Assert.Equal(["ai-2"], Earned(Scheme(Badge("ai-2", BadgeCriterion.Completions, 2, tag: "ai")),
            Nothing with { CompletedPackageTags = [new HashSet<string> { "ai" }, new HashSet<string> { "ai", "data" }] }));
        Assert.Empty(Earned(Scheme(Badge("ai-2", BadgeCriterion.Completions, 2, tag: "ai")),
            Nothing with { CompletedPackageTags = [new HashSet<string> { "ai" }, new HashSet<string> { "data" }] }));
        Assert.Equal(["perfect"], Earned(Scheme(Badge("perfect", BadgeCriterion.PerfectScore, 100)), Nothing with { PerfectScore = true }));
        Assert.Empty(Earned(Scheme(Badge("perfect", BadgeCriterion.PerfectScore, 100)), Nothing));
        Assert.Equal(["week"], Earned(Scheme(Badge("week", BadgeCriterion.Streak, 7)), Nothing with { StreakDays = 7 }));
        Assert.Empty(Earned(Scheme(Badge("week", BadgeCriterion.Streak, 7)), Nothing with { StreakDays = 6 }));
        Assert.Equal(["first"], Earned(Scheme(Badge("first", BadgeCriterion.FirstToComplete, 3, challenge: "c1")),
            Nothing with { CompletedChallengeId = "c1", ChallengeRank = 3 }));
        Assert.Empty(Earned(Scheme(Badge("first", BadgeCriterion.FirstToComplete, 3, challenge: "c1")),
            Nothing with { CompletedChallengeId = "c1", ChallengeRank = 4 }));
        Assert.Empty(Earned(Scheme(Badge("first", BadgeCriterion.FirstToComplete, 3, challenge: "c1")),
            Nothing with { CompletedChallengeId = "c2", ChallengeRank = 1 }));
        Assert.Equal(["team"], Earned(Scheme(Badge("team", BadgeCriterion.CrossDepartmentTeamChallenge, 1)), Nothing with { CrossDepartmentTeamChallenge = true }));
        Assert.Empty(Earned(Scheme(Badge("team", BadgeCriterion.CrossDepartmentTeamChallenge, 1)), Nothing));
        Assert.Equal(["gain"], Earned(Scheme(Badge("gain", BadgeCriterion.LearningGain, 0.5, package: "gov.x")),
            Nothing with { LearningGain = 0.5, GainPackageId = "gov.x" }));
        Assert.Empty(Earned(Scheme(Badge("gain", BadgeCriterion.LearningGain, 0.5, package: "gov.x")),
            Nothing with { LearningGain = 0.9, GainPackageId = "gov.y" }));
    }

    [Fact]
    public void tiers_award_separately_and_a_held_badge_is_never_awarded_again()
    {
        var streak = Scheme(Badge("streak", BadgeCriterion.Streak, 0, tiers: [new("bronze", 3), new("silver", 7), new("gold", 30)]));

        Assert.Equal(["streak.bronze", "streak.silver"], Earned(streak, Nothing with { StreakDays = 10 }));
        Assert.Equal(["streak.silver"], Earned(streak, Nothing with { StreakDays = 10 }, "streak.bronze"));
        Assert.Empty(Earned(streak, Nothing with { StreakDays = 10 }, "streak.bronze", "streak.silver"));
        var awards = BadgeEngine.Earned([streak], Nothing with { StreakDays = 3 }, new HashSet<string>());
        Assert.Equal(("s", 3, "badge.streak"), (awards[0].SchemeId, awards[0].SchemeVersion, awards[0].RuleId));
    }

    [Fact]
    public async Task two_concurrent_statements_that_both_cross_a_badge_threshold_award_it_once()
    {
        var admin = new Scenario(fixture.Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        var id = Scenario.NewId("scheme");
        var created = await fixture.Server.Client.QueryAsync("""
            mutation($input: SaveRewardSchemeInput!) { createRewardScheme(input: $input) { userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id,
                scheme = new
                {
                    names = new { zhCN = "徽章方案", en = "Badge scheme" }, departmentIds = new[] { department },
                    rules = new[] { new { id = "any", verb = "COMPLETED", points = 30 } },
                    badges = new[]
                    {
                        new { id = "fifty", names = new { zhCN = "五十分", en = "Fifty" }, descriptions = new { zhCN = "达到 50 XP", en = "50 XP" },
                              criterion = "XP_THRESHOLD", threshold = 50.0 },
                    },
                },
            },
        });
        Assert.Empty(created["createRewardScheme"]!["userErrors"]!.AsArray());
        await fixture.Server.Client.QueryAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id });

        // 10 (default) + 30 = 40 each: either statement alone stays under 50, and both together cross it.
        var results = await Task.WhenAll(
            admin.RecordActivityAsync(learner, "together-1", objectId: "lesson-a"),
            admin.RecordActivityAsync(learner, "together-2", objectId: "lesson-b"));
        foreach (var result in results) result.AssertNoErrors();

        var badges = (await admin.LearnerAsync(learner))["badges"]!.AsArray().Select(b => b!["badgeId"]!.GetValue<string>()).ToList();
        Assert.Equal(1, badges.Count(b => b == "fifty"));
        var ledger = await admin.FullLedgerAsync(learner);
        var badgeEntry = Assert.Single(ledger, e => e["badgeId"]?.GetValue<string>() == "fifty");
        Assert.Equal(id, badgeEntry["schemeId"]!.GetValue<string>());
        Assert.Equal("badge.fifty", badgeEntry["ruleId"]!.GetValue<string>());
    }

    [Fact]
    public async Task completing_a_team_challenge_in_a_cross_department_team_earns_the_team_badge()
    {
        var admin = new Scenario(fixture.Server.Client);
        var (planning, health) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var (a, b) = (await admin.RegisterLearnerAsync(planning), await admin.RegisterLearnerAsync(health));
        var soloDepartment = await admin.CreateDepartmentAsync();
        var solo = await admin.RegisterLearnerAsync(soloDepartment);
        var team = Scenario.NewId("team");
        await fixture.Server.Client.QueryAsync("mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { id = team, names = new { zhCN = "跨部门专班", en = "Joint task force" } } });
        foreach (var member in new[] { a, b })
            await fixture.Server.Client.QueryAsync("mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { id } userErrors { code message field } } }", new { input = new { teamId = team, learnerId = member } });
        var id = Scenario.NewId("scheme");
        var created = await fixture.Server.Client.QueryAsync("""
            mutation($input: SaveRewardSchemeInput!) { createRewardScheme(input: $input) { userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id,
                scheme = new
                {
                    names = new { zhCN = "协作方案", en = "Collaboration" }, departmentIds = new[] { planning, soloDepartment },
                    rules = new[] { new { id = "any", verb = "COMPLETED", points = 1 } },
                    badges = new[]
                    {
                        new { id = "joint-work", names = new { zhCN = "协同作战", en = "Joint work" }, descriptions = new { zhCN = "跨部门团队完成团队挑战", en = "Team challenge in a cross-department team" },
                              criterion = "CROSS_DEPARTMENT_TEAM_CHALLENGE", threshold = 1.0 },
                    },
                },
            },
        });
        Assert.Empty(created["createRewardScheme"]!["userErrors"]!.AsArray());
        await fixture.Server.Client.QueryAsync("mutation($id: ID!) { activateRewardScheme(id: $id) { scheme { id } userErrors { code message field } } }", new { id });
        var challenge = await admin.CreateChallengeAsync(points: 20, kind: "TEAM");
        const string complete = "mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points } userErrors { code message field } } }";

        await fixture.Server.Client.QueryAsync(complete, new { input = new { challengeId = challenge, learnerId = a } });
        await fixture.Server.Client.QueryAsync(complete, new { input = new { challengeId = challenge, learnerId = solo } });

        Assert.Contains((await admin.LearnerAsync(a))["badges"]!.AsArray(), x => x!["badgeId"]!.GetValue<string>() == "joint-work");
        Assert.DoesNotContain((await admin.LearnerAsync(solo))["badges"]!.AsArray(), x => x!["badgeId"]!.GetValue<string>() == "joint-work");
    }
}
