using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.People;

/// <summary>
/// The organisation tree grows up: merging and (de)activating departments against a hostile manager, and boards and
/// analytics rolled up to bureaus. Run on both storages (PostgreSQL with the Redis boards).
/// </summary>
public abstract class ReorganisationTests(ServerFixture fixture)
{
    private const string Merge = """
        mutation($input: MergeDepartmentInput!) {
          mergeDepartment(input: $input) {
            merge { from { id active mergedInto { id } } into { id } learnersMoved departmentsMoved } userErrors { code message field }
          }
        }
        """;

    private const string Deactivate = "mutation($id: ID!) { deactivateDepartment(id: $id) { department { id active } userErrors { code message field } } }";
    private const string Reactivate = "mutation($id: ID!) { reactivateDepartment(id: $id) { department { id active } userErrors { code message field } } }";
    private const string Department = "query($id: ID!) { department(id: $id) { id active parent { id } mergedInto { id } } }";
    private const string MoveLearner = "mutation($input: MoveLearnerInput!) { moveLearner(input: $input) { learner { id } userErrors { code message } } }";
    private const string DeactivateLearner = "mutation($id: ID!) { deactivateLearner(learnerId: $id) { learner { id } userErrors { code message } } }";

    private const string RollUp = """
        query($parentId: ID) { departmentLeaderboard(measure: TOTAL_XP, rollUp: true, parentId: $parentId) { departmentId totalXp activeLearners members grouped } }
        """;

    private const string Flat = "{ departmentLeaderboard(measure: TOTAL_XP) { departmentId totalXp } }";

    private const string Analytics = """
        query($ids: [ID!]) { departmentAnalytics(departmentIds: $ids, rollUp: true) { departmentId grouped members activeLearners xp withheld } }
        """;

    private GraphQLClient Admin => fixture.Server.Client;

    private Scenario Scenario => new(Admin);

    protected abstract Task<GamifiedServer> StartOwnServerAsync(params string[] arguments);

    [Fact]
    public async Task a_merge_moves_active_learners_and_departments_keeps_past_xp_where_it_was_earned_and_repeats_harmlessly()
    {
        await using var server = await StartOwnServerAsync("--Leaderboards:MinActiveLearners=1");
        var admin = new Scenario(server.Client);
        var bureau = await admin.CreateDepartmentAsync();
        var (from, into) = (await admin.CreateDepartmentAsync(parentId: bureau), await admin.CreateDepartmentAsync(parentId: bureau));
        var below = await admin.CreateDepartmentAsync(parentId: from);
        var (earner, quiet, away) = (await admin.RegisterLearnerAsync(from), await admin.RegisterLearnerAsync(from), await admin.RegisterLearnerAsync(from));
        var listed = StaffCsvs.Id("e");   // imported, so listed with their record pending until their profile is first written
        (await server.Client.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", [$"{listed},韩梅梅,{from}"]), dryRun: false)).Report();
        (await server.Client.PostAsync(DeactivateLearner, new { id = away })).AssertNoErrors();
        (await admin.RecordActivityAsync(earner, "before-merge", verb: "COMPLETED")).AssertNoErrors();   // 10 XP earned in `from`
        await Poll.Until(() => server.Client.QueryAsync(RollUp, new { parentId = (string?)null }), b => Row(b, bureau)?["totalXp"]!.GetValue<long>() == 10);

        var merge = (await server.Client.PostAsync(Merge, new { input = new { from, into } })).AssertNoErrors().Data!["mergeDepartment"]!["merge"]!;

        Assert.Equal((3, 1), (merge["learnersMoved"]!.GetValue<int>(), merge["departmentsMoved"]!.GetValue<int>()));
        Assert.False(merge["from"]!["active"]!.GetValue<bool>());
        Assert.Equal(into, merge["from"]!["mergedInto"]!["id"]!.GetValue<string>());
        Assert.Equal(into, (await admin.LearnerAsync(earner))["departmentId"]!.GetValue<string>());
        Assert.Equal(into, (await admin.LearnerAsync(quiet))["departmentId"]!.GetValue<string>());
        Assert.Equal(into, (await admin.LearnerAsync(listed))["departmentId"]!.GetValue<string>());
        Assert.Equal(from, (await admin.LearnerAsync(away))["departmentId"]!.GetValue<string>());   // only the active move
        Assert.Equal(into, (await server.Client.QueryAsync(Department, new { id = below }))["department"]!["parent"]!["id"]!.GetValue<string>());

        (await admin.RecordActivityAsync(earner, "after-merge", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();   // 20 XP in `into`
        foreach (var rebuilt in new[] { false, true })
        {
            if (rebuilt) (await server.Client.PostAsync("mutation { rebuildLeaderboards { entriesProjected } }")).AssertNoErrors();
            var level = await Poll.Until(() => server.Client.QueryAsync(RollUp, new { parentId = bureau }), b => Row(b, into)?["totalXp"]!.GetValue<long>() == 20);
            Assert.Null(Row(level, from));   // inactive: not a row, but its 10 XP stay with the bureau it was earned in
            var top = Row(await server.Client.QueryAsync(RollUp, new { parentId = (string?)null }), bureau)!;
            Assert.Equal((30L, 1, 4), (top["totalXp"]!.GetValue<long>(), top["activeLearners"]!.GetValue<int>(), top["members"]!.GetValue<int>()));
            Assert.DoesNotContain(from, Ids(await server.Client.QueryAsync(Flat)));
        }

        var again = (await server.Client.PostAsync(Merge, new { input = new { from, into } })).AssertNoErrors().Data!["mergeDepartment"]!["merge"]!;
        Assert.Equal((0, 0), (again["learnersMoved"]!.GetValue<int>(), again["departmentsMoved"]!.GetValue<int>()));
    }

    [Fact]
    public async Task a_merge_is_refused_into_itself_below_itself_into_an_inactive_department_and_across_what_a_manager_manages()
    {
        var bureau = await Scenario.CreateDepartmentAsync();
        var office = await Scenario.CreateDepartmentAsync(parentId: bureau);
        var team = await Scenario.CreateDepartmentAsync(parentId: office);
        var (elsewhere, closed) = (await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync());
        (await Admin.PostAsync(Deactivate, new { id = closed })).AssertNoErrors();
        var manager = fixture.Server.ClientAs(Scenario.NewId("bureau-manager"), [Roles.Manager], [bureau]);

        (await Admin.PostAsync(Merge, new { input = new { from = office, into = office } })).AssertUserError("BAD_USER_INPUT");
        (await Admin.PostAsync(Merge, new { input = new { from = office, into = team } })).AssertUserError("BAD_USER_INPUT");
        (await Admin.PostAsync(Merge, new { input = new { from = office, into = closed } })).AssertUserError("DEPARTMENT_INACTIVE");
        (await Admin.PostAsync(Merge, new { input = new { from = office, into = "no-such-department" } })).AssertUserError("NOT_FOUND");
        (await manager.PostAsync(Merge, new { input = new { from = office, into = elsewhere } })).AssertTopLevelError("FORBIDDEN");   // out of their bureau
        (await manager.PostAsync(Merge, new { input = new { from = bureau, into = office } })).AssertTopLevelError("FORBIDDEN");      // their own bureau

        var untouched = (await Admin.QueryAsync(Department, new { id = team }))["department"]!;
        Assert.Equal(office, untouched["parent"]!["id"]!.GetValue<string>());
        Assert.True((await Admin.QueryAsync(Department, new { id = office }))["department"]!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task deactivation_is_refused_with_counts_while_anyone_is_left_and_an_inactive_department_takes_nobody_new()
    {
        var (bureau, staying) = (await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync());
        var office = await Scenario.CreateDepartmentAsync(parentId: bureau);
        var learner = await Scenario.RegisterLearnerAsync(office);

        var busy = (await Admin.PostAsync(Deactivate, new { id = office })).AssertUserError("DEPARTMENT_NOT_EMPTY");
        Assert.Contains("1 active learners and 0 active departments", busy.Data!["deactivateDepartment"]!["userErrors"]![0]!["message"]!.GetValue<string>());
        Assert.Contains("0 active learners and 1 active departments",
            (await Admin.PostAsync(Deactivate, new { id = bureau })).AssertUserError("DEPARTMENT_NOT_EMPTY").Data!["deactivateDepartment"]!["userErrors"]![0]!["message"]!.GetValue<string>());
        Assert.True((await Admin.QueryAsync(Department, new { id = office }))["department"]!["active"]!.GetValue<bool>());   // the refusal undid it

        (await Admin.PostAsync(MoveLearner, new { input = new { learnerId = learner, departmentId = staying } })).AssertNoErrors();
        (await Admin.PostAsync(Deactivate, new { id = office })).AssertNoErrors();
        (await Admin.PostAsync(Deactivate, new { id = office })).AssertNoErrors();   // again: nothing to do

        (await Admin.PostAsync(MoveLearner, new { input = new { learnerId = learner, departmentId = office } })).AssertUserError("DEPARTMENT_INACTIVE");
        (await Admin.PostAsync("""
            mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message } } }
            """, new { input = new { id = Scenario.NewId("l"), displayName = "李雷", departmentId = office } })).AssertUserError("DEPARTMENT_INACTIVE");
        Assert.Equal("STAFF_DEPARTMENT_INACTIVE", (await Admin.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", [$"{StaffCsvs.Id("e")},韩梅梅,{office}"]), dryRun: true))
            .LineErrors()[0]!["code"]!.GetValue<string>());
        Assert.DoesNotContain(office, (await Admin.QueryAsync("{ departments { id } }"))["departments"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Contains(office, (await Admin.QueryAsync("{ departments(includeInactive: true) { id } }"))["departments"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));

        (await Admin.PostAsync(Reactivate, new { id = office })).AssertNoErrors();
        (await Admin.PostAsync(MoveLearner, new { input = new { learnerId = learner, departmentId = office } })).AssertNoErrors();
    }

    [Fact]
    public async Task a_bureau_manager_reorganises_only_below_their_bureau_and_cannot_switch_it_off()
    {
        var (bureau, elsewhere) = (await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync());
        var office = await Scenario.CreateDepartmentAsync(parentId: bureau);
        var manager = fixture.Server.ClientAs(Scenario.NewId("bureau-manager"), [Roles.Manager], [bureau]);

        (await manager.PostAsync(Deactivate, new { id = bureau })).AssertTopLevelError("FORBIDDEN");
        (await manager.PostAsync(Deactivate, new { id = elsewhere })).AssertTopLevelError("FORBIDDEN");
        Assert.True((await Admin.QueryAsync(Department, new { id = bureau }))["department"]!["active"]!.GetValue<bool>());

        (await manager.PostAsync(Deactivate, new { id = office })).AssertNoErrors();
        (await manager.PostAsync(Reactivate, new { id = office })).AssertNoErrors();
        var sibling = await Scenario.CreateDepartmentAsync(parentId: bureau);
        (await manager.PostAsync(Merge, new { input = new { from = office, into = sibling } })).AssertNoErrors();   // inside the bureau
        Assert.Equal(sibling, (await Admin.QueryAsync(Department, new { id = office }))["department"]!["mergedInto"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task rolled_up_figures_are_the_sums_of_the_subtree_and_a_small_subtree_stays_hidden()
    {
        await using var server = await StartOwnServerAsync("--Leaderboards:MinActiveLearners=2", "--Analytics:MinGroupSize=2");
        var admin = new Scenario(server.Client);
        var bureau = await admin.CreateDepartmentAsync();
        var (first, second) = (await admin.CreateDepartmentAsync(parentId: bureau), await admin.CreateDepartmentAsync(parentId: bureau));
        var lopsided = await admin.CreateDepartmentAsync();   // two learners in one department, one alone in another
        var (big, alone) = (await admin.CreateDepartmentAsync(parentId: lopsided), await admin.CreateDepartmentAsync(parentId: lopsided));
        var small = await admin.CreateDepartmentAsync();   // one learner: under both thresholds
        var earners = new List<(string Department, string Verb, string Kind)>
        {
            (first, "COMPLETED", "LESSON"), (first, "COMPLETED", "LESSON"), (second, "PASSED", "QUIZ"), (second, "COMPLETED", "LESSON"),
            (big, "COMPLETED", "LESSON"), (big, "COMPLETED", "LESSON"), (alone, "COMPLETED", "LESSON"), (small, "COMPLETED", "LESSON"),
        };
        foreach (var (department, verb, kind) in earners)
            (await admin.RecordActivityAsync(await admin.RegisterLearnerAsync(department), "k", verb, objectKind: kind)).AssertNoErrors();

        var board = await Poll.Until(() => server.Client.QueryAsync(RollUp, new { parentId = (string?)null }),
            b => Row(b, bureau)?["totalXp"]!.GetValue<long>() == 50 && Row(b, lopsided) is not null && Grouped(b)?["totalXp"]!.GetValue<long>() == 10);
        var row = Row(board, bureau)!;
        Assert.Equal((50L, 4, 4), (row["totalXp"]!.GetValue<long>(), row["activeLearners"]!.GetValue<int>(), row["members"]!.GetValue<int>()));
        Assert.Equal(30L, Row(board, lopsided)!["totalXp"]!.GetValue<long>());
        Assert.Null(Row(board, small));   // alone below the threshold: only inside the grouped row
        Assert.Equal(1, Grouped(board)!["activeLearners"]!.GetValue<int>());

        var report = await Poll.Until(() => server.Client.QueryAsync(Analytics, new { ids = new[] { bureau, lopsided, small } }),
            r => Report(r, bureau)?["activeLearners"]!.GetValue<int>() == 4 && Report(r, lopsided)?["activeLearners"]!.GetValue<int>() == 3
                 && ReportGrouped(r)?["activeLearners"]!.GetValue<int>() == 1);
        Assert.Equal((50L, false), (Report(report, bureau)!["xp"]!.GetValue<long>(), Report(report, bureau)!["withheld"]!.GetValue<bool>()));
        // The bureau minus its large department would show the lone learner: withheld.
        Assert.True(Report(report, lopsided)!["withheld"]!.GetValue<bool>());
        Assert.Null(Report(report, lopsided)!["xp"]);
        Assert.True(ReportGrouped(report)!["withheld"]!.GetValue<bool>());
        Assert.Null(ReportGrouped(report)!["xp"]);

        // A bureau's manager, asking for nothing in particular, gets their bureau as one row (the token names only the bureau).
        var manager = server.ClientAs(Scenario.NewId("bureau-manager"), [Roles.Manager], [bureau]);
        var mine = (await manager.QueryAsync(Analytics, new { ids = (string[]?)null }))["departmentAnalytics"]!.AsArray();
        Assert.Equal([(bureau, 4)], mine.Select(r => (r!["departmentId"]!.GetValue<string>(), r["activeLearners"]!.GetValue<int>())));
    }

    private static JsonNode? Row(JsonNode board, string department) =>
        board["departmentLeaderboard"]!.AsArray().FirstOrDefault(d => d!["departmentId"]?.GetValue<string>() == department);

    private static JsonNode? Grouped(JsonNode board) => board["departmentLeaderboard"]!.AsArray().FirstOrDefault(d => d!["grouped"]!.GetValue<bool>());

    private static IEnumerable<string?> Ids(JsonNode board) => board["departmentLeaderboard"]!.AsArray().Select(d => d!["departmentId"]?.GetValue<string>());

    private static JsonNode? Report(JsonNode report, string department) =>
        report["departmentAnalytics"]!.AsArray().FirstOrDefault(d => d!["departmentId"]?.GetValue<string>() == department);

    private static JsonNode? ReportGrouped(JsonNode report) => report["departmentAnalytics"]!.AsArray().FirstOrDefault(d => d!["grouped"]!.GetValue<bool>());
}

[Collection(SqliteServerCollection.Name)]
public sealed class ReorganisationTestsOnSqlite(SqliteServerFixture fixture) : ReorganisationTests(fixture)
{
    protected override Task<GamifiedServer> StartOwnServerAsync(params string[] arguments) => GamifiedServer.StartAsync(ServerStorage.NewSqlite(), arguments);
}

[Collection(PostgresServerCollection.Name)]
public sealed class ReorganisationTestsOnPostgres(PostgresServerFixture fixture) : ReorganisationTests(fixture)
{
    /// <summary>With the Redis boards, so a bureau's heads are counted by the Redis store's union too.</summary>
    protected override async Task<GamifiedServer> StartOwnServerAsync(params string[] arguments) =>
        await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync(),
            [.. arguments, $"--Leaderboards:Redis={TestRedis.Endpoint}", $"--Leaderboards:RedisKeyPrefix=test-{Guid.NewGuid():n}:"]);
}
