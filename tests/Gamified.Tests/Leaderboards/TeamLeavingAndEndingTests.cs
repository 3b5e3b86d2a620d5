using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Plans;

namespace Gamified.Tests.Leaderboards;

/// <summary>
/// Leaving a team keeps what the member earned for it while a member; a team formed for a challenge closes when the
/// challenge ends, and its board stays as it was at the end, rebuilt from the ledger too. On the shared plan servers (SQLite and PostgreSQL),
/// whose clock the test moves past the challenge's end.
/// </summary>
public abstract class TeamLeavingAndEndingTests(PlanFixture fixture)
{
    private const string Join = "mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { id } userErrors { code message field } } }";
    private const string Leave = "mutation($input: LeaveTeamInput!) { leaveTeam(input: $input) { team { id members { learnerId } } userErrors { code message field } } }";

    [Fact]
    public async Task a_member_who_leaves_keeps_their_points_with_the_team_and_a_team_closes_with_its_challenge()
    {
        var server = fixture.Server;
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (stays, leaves) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        var challenge = await admin.CreateChallengeAsync(points: 5, kind: "TEAM", opensAt: fixture.Clock.GetUtcNow().AddDays(-1),
            closesAt: fixture.Clock.GetUtcNow().AddHours(1));
        var team = Scenario.NewId("team");
        var created = (await server.Client.QueryAsync("""
            mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { challengeId endsAt closed } userErrors { code message field } } }
            """, new { input = new { id = team, challengeId = challenge, names = new { zhCN = "一网通办攻坚组", en = "One-stop service squad" } } }))
            ["createTeam"]!["team"]!;
        Assert.Equal((challenge, false), (created["challengeId"]!.GetValue<string>(), created["closed"]!.GetValue<bool>()));
        var asStays = server.ClientAs(stays, [Roles.Learner]);
        var asLeaves = server.ClientAs(leaves, [Roles.Learner]);
        (await asStays.PostAsync(Join, new { input = new { teamId = team, learnerId = stays } })).AssertNoErrors();
        (await asLeaves.PostAsync(Join, new { input = new { teamId = team, learnerId = leaves } })).AssertNoErrors();
        (await admin.RecordActivityAsync(stays, "in-team-1", objectId: "lesson-a")).AssertNoErrors();    // 10 for the team
        (await admin.RecordActivityAsync(leaves, "in-team-2", objectId: "lesson-b")).AssertNoErrors();   // 10 for the team
        Assert.Equal(20, await TeamScoreAsync(team, departmentTotal: 20, department));

        // Leaving: only the member (or an admin) takes them out; what they earned stays, what they earn next does not count.
        (await asStays.PostAsync(Leave, new { input = new { teamId = team, learnerId = leaves } })).AssertError("FORBIDDEN");
        var left = (await asLeaves.PostAsync(Leave, new { input = new { teamId = team, learnerId = leaves } })).AssertNoErrors();
        Assert.Single(left.Data!["leaveTeam"]!["team"]!["members"]!.AsArray());
        var members = (await server.Client.QueryAsync("query($id: ID!) { team(id: $id) { members { learnerId } } }", new { id = team }))["team"]!["members"]!;
        Assert.Equal([stays], members.AsArray().Select(m => m!["learnerId"]!.GetValue<string>()));
        (await asLeaves.PostAsync(Leave, new { input = new { teamId = team, learnerId = leaves } })).AssertUserError("NOT_TEAM_MEMBER");
        (await asLeaves.PostAsync(Join, new { input = new { teamId = team, learnerId = leaves } })).AssertUserError("CONFLICT");
        Assert.Empty((await admin.LearnerAsync(leaves))["teams"]!.AsArray());
        (await admin.RecordActivityAsync(leaves, "after-leaving", objectId: "lesson-c")).AssertNoErrors();
        Assert.Equal(20, await TeamScoreAsync(team, departmentTotal: 30, department));

        // The challenge ends: the team closes, and what its member earns afterwards is not the team's.
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var closed = (await server.Client.QueryAsync("query($id: ID!) { team(id: $id) { closed } }", new { id = team }))["team"]!;
        Assert.True(closed["closed"]!.GetValue<bool>());
        (await asStays.PostAsync(Leave, new { input = new { teamId = team, learnerId = stays } })).AssertUserError("TEAM_CLOSED");
        var late = await admin.RegisterLearnerAsync(department);
        (await server.Client.PostAsync(Join, new { input = new { teamId = team, learnerId = late } })).AssertUserError("TEAM_CLOSED");
        (await admin.RecordActivityAsync(stays, "after-the-end", objectId: "lesson-d")).AssertNoErrors();
        Assert.Equal(20, await TeamScoreAsync(team, departmentTotal: 40, department));

        // Rebuilt from the ledger, the team's board says the same.
        (await server.Client.PostAsync("mutation { rebuildLeaderboards { entriesProjected } }")).AssertNoErrors();
        Assert.Equal(20, await TeamScoreAsync(team, departmentTotal: 40, department));
    }

    /// <summary>The team's all-time score, once the department's learners' board shows every award (so the team board has seen them too).</summary>
    private async Task<int> TeamScoreAsync(string team, int departmentTotal, string department)
    {
        await Poll.Until(() => fixture.Server.Client.QueryAsync("""
            query($d: ID) { learnerLeaderboard(window: ALL_TIME, departmentId: $d) { edges { node { score } } } }
            """, new { d = department }), b => b["learnerLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == departmentTotal);
        var board = await fixture.Server.Client.QueryAsync("{ teamLeaderboard(window: ALL_TIME, first: 100) { edges { node { teamId score } } } }");
        return board["teamLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!)
            .Where(n => n["teamId"]!.GetValue<string>() == team).Select(n => n["score"]!.GetValue<int>()).DefaultIfEmpty(-1).Single();
    }
}

[Collection(SqlitePlanCollection.Name)]
public sealed class TeamLeavingAndEndingTestsOnSqlite(SqlitePlanFixture fixture) : TeamLeavingAndEndingTests(fixture);

[Collection(PostgresPlanCollection.Name)]
public sealed class TeamLeavingAndEndingTestsOnPostgres(PostgresPlanFixture fixture) : TeamLeavingAndEndingTests(fixture);
