using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Brainstorms;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// A manager acts only within the departments they manage: challenges belong to departments, nobody records a
/// completion for themselves, and a shared brainstorm is moderated and closed only by those it concerns.
/// Every such act, allowed or refused, is in the audit log under the caller's name.
/// </summary>
[Collection(SqliteServerCollection.Name)]
public sealed class ManagerScopeTests(SqliteServerFixture fixture)
{
    private const string CreateChallenge = "mutation($input: CreateChallengeInput!) { createChallenge(input: $input) { challenge { id departmentIds } userErrors { code message field } } }";
    private const string CompleteChallenge = "mutation($input: CompleteChallengeInput!) { completeChallenge(input: $input) { challengeCompletion { points } userErrors { code message field } } }";
    private const string HideIdea = "mutation($input: HideIdeaInput!) { hideIdea(input: $input) { idea { id hidden } userErrors { code message field } } }";

    private Scenario Admin => new(fixture.Server.Client);

    private GraphQLClient Manager(string subject, params string[] departments) =>
        fixture.Server.ClientAs(subject, [Roles.Manager, Roles.Learner], departments);

    private static object ChallengeInput(string id, string[]? departmentIds) => new
    {
        input = new
        {
            id, points = 500, departmentIds,
            titles = new { zhCN = "营商环境优化挑战", en = "Business environment challenge" },
        },
    };

    [Fact]
    public async Task a_manager_creates_challenges_only_for_departments_they_manage()
    {
        var (mine, theirs) = (await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync());
        var subject = Scenario.NewId("mgr");
        var manager = Manager(subject, mine);

        (await manager.PostAsync(CreateChallenge, ChallengeInput(Scenario.NewId("challenge"), null))).AssertTopLevelError("FORBIDDEN");   // not the caller's to fix by editing the input
        (await manager.PostAsync(CreateChallenge, ChallengeInput(Scenario.NewId("challenge"), [mine, theirs]))).AssertError("FORBIDDEN");
        var own = Scenario.NewId("challenge");
        var created = (await manager.PostAsync(CreateChallenge, ChallengeInput(own, [mine]))).AssertNoErrors();
        Assert.Equal([mine], created.Data!["createChallenge"]!["challenge"]!["departmentIds"]!.AsArray().Select(d => d!.GetValue<string>()));

        var organisationWide = Scenario.NewId("challenge");
        (await fixture.Server.ClientAs(Scenario.NewId("mgr"), [Roles.Manager], [Roles.AllDepartments])
            .PostAsync(CreateChallenge, ChallengeInput(organisationWide, null))).AssertNoErrors();
        Assert.Empty((await Admin.Client.QueryAsync("query($id: ID!) { challenge(id: $id) { departmentIds } }",
            new { id = organisationWide }))["challenge"]!["departmentIds"]!.AsArray());

        var audit = await AuditAsync(subject, "createChallenge");
        Assert.Equal(2, audit.Count(e => e["outcome"]!.GetValue<string>() == "FORBIDDEN"));
        Assert.Contains(audit, e => e["outcome"]!.GetValue<string>() == "OK" && e["target"]!.GetValue<string>() == own);
    }

    [Fact]
    public async Task a_manager_who_is_also_a_learner_cannot_complete_a_challenge_for_themselves()
    {
        var department = await Admin.CreateDepartmentAsync();
        var subject = await Admin.RegisterLearnerAsync(department, Scenario.NewId("mgr"));
        var manager = Manager(subject, department);
        var challenge = Scenario.NewId("challenge");
        (await manager.PostAsync(CreateChallenge, ChallengeInput(challenge, [department]))).AssertNoErrors();

        (await manager.PostAsync(CompleteChallenge, new { input = new { challengeId = challenge, learnerId = subject } })).AssertError("FORBIDDEN");
        var adminLearner = await Admin.RegisterLearnerAsync(department, Scenario.NewId("admin"));
        (await fixture.Server.ClientAs(adminLearner, [Roles.Admin, Roles.Learner]).PostAsync(CompleteChallenge,
            new { input = new { challengeId = challenge, learnerId = adminLearner } })).AssertError("FORBIDDEN");

        Assert.Equal(0, (await Admin.LearnerAsync(subject))["xp"]!.GetValue<int>());
        Assert.Equal(0, (await Admin.LearnerAsync(adminLearner))["xp"]!.GetValue<int>());
        var colleague = await Admin.RegisterLearnerAsync(department);
        (await manager.PostAsync(CompleteChallenge, new { input = new { challengeId = challenge, learnerId = colleague } })).AssertNoErrors();
        var audit = await AuditAsync(subject, "completeChallenge");
        Assert.Contains(audit, e => e["outcome"]!.GetValue<string>() == "FORBIDDEN" && e["target"]!.GetValue<string>() == subject);
        Assert.Contains(audit, e => e["outcome"]!.GetValue<string>() == "OK" && e["target"]!.GetValue<string>() == colleague);
    }

    [Fact]
    public async Task a_manager_who_is_also_a_learner_cannot_give_themselves_a_badge_but_may_give_a_revoked_one_back_to_a_colleague()
    {
        var department = await Admin.CreateDepartmentAsync();
        var subject = Scenario.NewId("mgr");
        await Admin.RegisterLearnerAsync(department, subject);
        var colleague = await Admin.RegisterLearnerAsync(department);
        var manager = Manager(subject, department);
        const string award = "mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }";
        object Badge(string learnerId) => new { input = new { learnerId, badgeId = "team-spirit", reason = "带头完成跨部门协作" } };

        (await manager.PostAsync(award, Badge(subject))).AssertError("FORBIDDEN");
        Assert.Empty((await Admin.LearnerAsync(subject))["badges"]!.AsArray());

        (await manager.PostAsync(award, Badge(colleague))).AssertNoErrors();
        (await Admin.Client.PostAsync("mutation($input: RevokeBadgeInput!) { revokeBadge(input: $input) { ledgerEntry { __typename } userErrors { code message field } } }",
            new { input = new { learnerId = colleague, badgeId = "team-spirit", reason = "颁发有误，先撤回" } })).AssertNoErrors();
        (await manager.PostAsync(award, Badge(colleague))).AssertNoErrors();
        Assert.Single((await Admin.LearnerAsync(colleague))["badges"]!.AsArray());
    }

    [Fact]
    public async Task a_challenge_is_completed_only_by_learners_of_the_departments_it_covers()
    {
        var (mine, theirs) = (await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync());
        var subject = Scenario.NewId("mgr");
        var manager = Manager(subject, mine, theirs);
        var challenge = Scenario.NewId("challenge");
        (await Admin.Client.PostAsync(CreateChallenge, ChallengeInput(challenge, [theirs]))).AssertNoErrors();
        var outsider = await Admin.RegisterLearnerAsync(mine);
        var insider = await Admin.RegisterLearnerAsync(theirs);

        // The manager manages the outsider's department, but the challenge is not for it; not even an admin records it.
        (await manager.PostAsync(CompleteChallenge, new { input = new { challengeId = challenge, learnerId = outsider } }))
            .AssertError("CHALLENGE_NOT_FOR_DEPARTMENT");
        (await Admin.Client.PostAsync(CompleteChallenge, new { input = new { challengeId = challenge, learnerId = outsider } }))
            .AssertError("CHALLENGE_NOT_FOR_DEPARTMENT");
        Assert.Equal(0, (await Admin.LearnerAsync(outsider))["xp"]!.GetValue<int>());

        // A manager of the covered department only, for a covered learner, may; a manager of another department may not.
        (await Manager(Scenario.NewId("mgr"), mine).PostAsync(CompleteChallenge, new { input = new { challengeId = challenge, learnerId = insider } }))
            .AssertError("FORBIDDEN");
        (await manager.PostAsync(CompleteChallenge, new { input = new { challengeId = challenge, learnerId = insider } })).AssertNoErrors();
        Assert.Contains(await AuditAsync(subject, "completeChallenge"),
            e => e["outcome"]!.GetValue<string>() == "CHALLENGE_NOT_FOR_DEPARTMENT" && e["target"]!.GetValue<string>() == outsider);
    }

    [Fact]
    public async Task a_manager_of_one_department_hides_only_their_own_departments_ideas_in_a_shared_brainstorm()
    {
        var (brainstorm, departments, organiser, ideas) = await SharedBrainstormAsync();
        var subject = Scenario.NewId("mgr");
        var managerOfFirst = Manager(subject, departments[0]);

        (await managerOfFirst.PostAsync(HideIdea, new { input = new { brainstormId = brainstorm, ideaId = ideas[1], reason = "与主题无关" } }))
            .AssertError("FORBIDDEN");
        (await managerOfFirst.PostAsync(HideIdea, new { input = new { brainstormId = brainstorm, ideaId = ideas[0], reason = "与主题无关" } }))
            .AssertNoErrors();
        (await organiser.PostAsync(HideIdea, new { input = new { brainstormId = brainstorm, ideaId = ideas[2], reason = "重复提交" } }))
            .AssertNoErrors();

        var visible = (await Admin.Client.QueryAsync("query($id: ID!) { brainstorm(id: $id) { ideas { id } } }", new { id = brainstorm }))
            ["brainstorm"]!["ideas"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
        Assert.Equal([ideas[1]], visible);
        var audit = await AuditAsync(subject, "hideIdea");
        Assert.Contains(audit, e => e["outcome"]!.GetValue<string>() == "FORBIDDEN" && e["target"]!.GetValue<string>() == brainstorm);
        Assert.Contains(audit, e => e["outcome"]!.GetValue<string>() == "OK" && e["target"]!.GetValue<string>() == brainstorm);
    }

    [Fact]
    public async Task a_manager_of_one_department_cannot_close_a_shared_brainstorm_early()
    {
        var (brainstorm, departments, organiser, _) = await SharedBrainstormAsync();
        var subject = Scenario.NewId("mgr");
        const string close = "mutation($id: ID!) { closeBrainstorm(id: $id) { brainstorm { isOpen } userErrors { code message field } } }";

        (await Manager(subject, departments[0]).PostAsync(close, new { id = brainstorm })).AssertError("FORBIDDEN");
        Assert.True((await Admin.Client.QueryAsync("query($id: ID!) { brainstorm(id: $id) { isOpen } }", new { id = brainstorm }))
            ["brainstorm"]!["isOpen"]!.GetValue<bool>());
        Assert.Contains(await AuditAsync(subject, "closeBrainstorm"), e => e["outcome"]!.GetValue<string>() == "FORBIDDEN");

        (await organiser.PostAsync(close, new { id = brainstorm })).AssertNoErrors();
        Assert.False((await Admin.Client.QueryAsync("query($id: ID!) { brainstorm(id: $id) { isOpen } }", new { id = brainstorm }))
            ["brainstorm"]!["isOpen"]!.GetValue<bool>());
    }

    /// <summary>A brainstorm over three departments, organised by a manager of all three, with one idea from each.</summary>
    private async Task<(string Id, string[] Departments, GraphQLClient Organiser, string[] Ideas)> SharedBrainstormAsync()
    {
        var departments = new[] { await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync(), await Admin.CreateDepartmentAsync() };
        var organiser = fixture.Server.ClientAs(Scenario.NewId("organiser"), [Roles.Manager], departments);
        var id = Scenario.NewId("brainstorm");
        (await BrainstormScenario.CreateAsync(organiser, id, departments, DateTimeOffset.UtcNow.AddDays(3))).AssertNoErrors();
        var ideas = new List<string>();
        foreach (var department in departments)
        {
            var learner = await Admin.RegisterLearnerAsync(department);
            ideas.Add(await BrainstormScenario.IdeaAsync(fixture.Server.ClientAs(learner, [Roles.Learner], [department]), id,
                $"让群众办事少跑一次：{department} 的建议"));
        }
        return (id, departments, organiser, ideas.ToArray());
    }

    private async Task<List<JsonNode>> AuditAsync(string actor, string action) =>
        (await Admin.Client.QueryAsync("query($actor: String, $action: String) { auditLog(actor: $actor, action: $action, first: 100) { edges { node { actor target outcome } } } }",
            new { actor, action }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]).ToList().Select(e => e!).ToList();
}
