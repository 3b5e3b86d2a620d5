using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

/// <summary>Role checks say what kind of caller may act; these say on whom.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class OwnershipTests(SqliteServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;
    private Scenario Admin => new(Server.Client);

    private const string Record = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }";
    private const string Award = "mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }";

    private static object Statement(string learnerId, string key) => new
    {
        input = new { learnerId, idempotencyKey = key, verb = "COMPLETED", @object = new { id = "lesson-1", kind = "LESSON" } },
    };

    [Fact]
    public async Task a_learner_records_their_own_activity_as_a_claim_that_scores_nothing_but_not_anyone_elses()
    {
        var department = await Admin.CreateDepartmentAsync();
        var me = await Admin.RegisterLearnerAsync(department);
        var other = await Admin.RegisterLearnerAsync(department);
        var client = Server.ClientAs(me, [Roles.Learner]);

        (await client.PostAsync(Record, Statement(me, "mine"))).AssertNoErrors();
        (await client.PostAsync(Record, Statement(other, "theirs"))).AssertError("FORBIDDEN");

        // Recorded (a replay of the key says so), self-reported, and worth nothing under the default scheme.
        var replay = (await client.PostAsync(Record.Replace("xpAwarded", "xpAwarded replayed attestation"), Statement(me, "mine"))).AssertNoErrors();
        Assert.True(replay.Data!["recordActivity"]!["activityRecorded"]!["replayed"]!.GetValue<bool>());
        Assert.Equal("SELF_REPORTED", replay.Data!["recordActivity"]!["activityRecorded"]!["attestation"]!.GetValue<string>());
        Assert.Equal(0, (await Admin.LearnerAsync(me))["xp"]!.GetValue<int>());
        Assert.Equal(0, (await Admin.LearnerAsync(other))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_learner_sees_their_own_profile_and_not_a_colleagues()
    {
        var department = await Admin.CreateDepartmentAsync();
        var me = await Admin.RegisterLearnerAsync(department);
        var other = await Admin.RegisterLearnerAsync(department);
        var client = Server.ClientAs(me, [Roles.Learner]);
        const string query = "query($id: ID!) { learner(id: $id) { id xp ledger { totalCount } } }";

        (await client.PostAsync(query, new { id = me })).AssertNoErrors();
        (await client.PostAsync(query, new { id = other })).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task a_manager_awards_badges_in_their_departments_only()
    {
        var mine = await Admin.CreateDepartmentAsync();
        var theirs = await Admin.CreateDepartmentAsync();
        var inMine = await Admin.RegisterLearnerAsync(mine);
        var inTheirs = await Admin.RegisterLearnerAsync(theirs);
        var manager = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [mine]);
        var orgManager = Server.ClientAs(Scenario.NewId("manager"), [Roles.Manager], [Roles.AllDepartments]);

        (await manager.PostAsync(Award, new { input = new { learnerId = inMine, badgeId = "helper", reason = "帮助同事" } })).AssertNoErrors();
        (await manager.PostAsync(Award, new { input = new { learnerId = inTheirs, badgeId = "helper", reason = "帮助同事" } })).AssertError("FORBIDDEN");
        (await orgManager.PostAsync(Award, new { input = new { learnerId = inTheirs, badgeId = "helper", reason = "帮助同事" } })).AssertNoErrors();

        var profile = await manager.PostAsync("query($id: ID!) { learner(id: $id) { id } }", new { id = inTheirs });
        profile.AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task a_learner_registers_only_themselves_and_only_into_their_tokens_department()
    {
        var department = await Admin.CreateDepartmentAsync();
        var elsewhere = await Admin.CreateDepartmentAsync();
        var me = Scenario.NewId("learner");
        var client = Server.ClientAs(me, [Roles.Learner], [department]);
        const string register = "mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message field } } }";

        (await client.PostAsync(register, new { input = new { id = Scenario.NewId("learner"), displayName = "冒名", departmentId = department } }))
            .AssertError("FORBIDDEN");
        (await client.PostAsync(register, new { input = new { id = me, displayName = "本人", departmentId = elsewhere } }))
            .AssertError("FORBIDDEN");
        (await client.PostAsync(register, new { input = new { id = me, displayName = "本人", departmentId = department } }))
            .AssertNoErrors();
    }

    [Fact]
    public async Task anonymous_callers_forged_tokens_and_expired_tokens_are_unauthenticated()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var forgedKey = new Gamified.Api.Security.LocalTokens(new AuthOptions(), Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n")), TimeProvider.System);
        var forged = Server.ClientWithToken(forgedKey.Issue(learner, [Roles.Admin]));
        var expired = Server.ClientWithToken(Server.Services.GetRequiredServiceOf<LocalTokens>().Issue(learner, [Roles.Admin], lifetime: TimeSpan.FromMinutes(-5)));
        var garbage = Server.ClientWithToken("not-a-token");

        foreach (var client in new[] { Server.Anonymous, forged, expired, garbage })
        {
            (await client.PostAsync(Record, Statement(learner, Guid.NewGuid().ToString()))).AssertError("UNAUTHENTICATED");
            (await client.PostAsync("{ departments { id } }")).AssertError("UNAUTHENTICATED");
        }
        Assert.Equal(0, (await Admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task the_whole_ledger_is_verified_by_admins_only()
    {
        var learner = await Admin.RegisterLearnerAsync(await Admin.CreateDepartmentAsync());
        var client = Server.ClientAs(learner, [Roles.Learner]);

        (await client.PostAsync("{ verifyLedger { ok } }")).AssertError("FORBIDDEN");
        (await client.PostAsync("query($id: ID!) { verifyLedger(learnerId: $id) { ok } }", new { id = learner })).AssertNoErrors();
        (await Server.Client.PostAsync("{ verifyLedger { ok } }")).AssertNoErrors();
    }
}
