using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.People;

/// <summary>Listing, moving and (de)activating learners over HTTP, against a hostile manager. Run on both storages.</summary>
public abstract class ManagePeopleTests(ServerFixture fixture)
{
    private const string Header = "工号,姓名,部门,角色,邮箱,手机";

    private const string Learners = """
        query($search: String, $departmentId: ID, $first: Int, $after: String) {
          learners(search: $search, departmentId: $departmentId, first: $first, after: $after) {
            edges { cursor node { id displayName departmentId active } } pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private const string Move = """
        mutation($input: MoveLearnerInput!) { moveLearner(input: $input) { learner { id departmentId } userErrors { code message } } }
        """;

    private const string Deactivate = "mutation($id: ID!) { deactivateLearner(learnerId: $id) { learner { id active } userErrors { code message } } }";
    private const string Reactivate = "mutation($id: ID!) { reactivateLearner(learnerId: $id) { learner { id active } userErrors { code message } } }";

    private const string DepartmentBoard = "{ departmentLeaderboard(measure: TOTAL_XP) { departmentId totalXp } }";
    private const string LearnerBoard = """
        query($department: ID) { learnerLeaderboard(departmentId: $department) { totalCount edges { node { score } } } }
        """;

    private GraphQLClient Admin => fixture.Server.Client;

    private Scenario Scenario => new(Admin);

    protected abstract Task<GamifiedServer> StartOwnServerAsync(params string[] arguments);

    private async Task<List<string>> ImportAsync(GraphQLClient admin, string department, params string[] names)
    {
        var ids = names.Select(_ => StaffCsvs.Id("e")).ToList();
        (await admin.ImportAsync(StaffCsvs.Csv(Header, [.. ids.Select((id, i) => $"{id},{names[i]},{department},,{id}@example.gov.cn,13800000000")]), dryRun: false)).Report();
        return ids;
    }

    private static List<JsonNode> Nodes(JsonNode page) => page["learners"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();

    [Fact]
    public async Task learners_page_in_id_order_are_found_by_name_or_id_and_managers_see_only_their_departments()
    {
        var (mine, other) = (await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync());
        var ids = await ImportAsync(Admin, mine, "张三丰", "李四", "王五", "赵六", "钱七");
        var theirs = await ImportAsync(Admin, other, "孙八");

        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = await Admin.QueryAsync(Learners, new { departmentId = mine, first = 2, after });
            paged.AddRange(Nodes(page).Select(n => n["id"]!.GetValue<string>()));
            after = page["learners"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["learners"]!["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        } while (after is not null);
        Assert.Equal(ids.Order(StringComparer.Ordinal), paged);

        Assert.Equal([ids[0]], Nodes(await Admin.QueryAsync(Learners, new { search = "三丰" })).Select(n => n["id"]!.GetValue<string>()));
        Assert.Equal([ids[3]], Nodes(await Admin.QueryAsync(Learners, new { search = ids[3][2..] })).Select(n => n["id"]!.GetValue<string>()));
        Assert.Empty(Nodes(await Admin.QueryAsync(Learners, new { search = "%", departmentId = mine })));   // LIKE's wildcards match themselves

        var manager = fixture.Server.ClientAs(StaffCsvs.Id("m"), [Roles.Manager], [mine]);
        var seen = Nodes(await manager.QueryAsync(Learners, new { first = 100 }));
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(n => n["id"]!.GetValue<string>()));
        Assert.DoesNotContain(theirs[0], seen.Select(n => n["id"]!.GetValue<string>()));
        (await manager.PostAsync(Learners, new { departmentId = other })).AssertTopLevelError("FORBIDDEN");
    }

    [Fact]
    public async Task a_manager_moves_learners_only_between_departments_they_manage_and_never_themselves()
    {
        var (a, b, c) = (await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync());
        var learner = await Scenario.RegisterLearnerAsync(a);
        var managerId = await Scenario.RegisterLearnerAsync(a);

        var ofA = fixture.Server.ClientAs(StaffCsvs.Id("m"), [Roles.Manager], [a]);
        var ofB = fixture.Server.ClientAs(StaffCsvs.Id("m"), [Roles.Manager], [b]);
        var ofBoth = fixture.Server.ClientAs(managerId, [Roles.Manager], [a, b]);

        (await ofA.PostAsync(Move, new { input = new { learnerId = learner, departmentId = b } })).AssertTopLevelError("FORBIDDEN");   // into another's
        (await ofB.PostAsync(Move, new { input = new { learnerId = learner, departmentId = b } })).AssertTopLevelError("FORBIDDEN");   // out of another's
        (await ofB.PostAsync(Deactivate, new { id = learner })).AssertTopLevelError("FORBIDDEN");
        (await ofBoth.PostAsync(Move, new { input = new { learnerId = managerId, departmentId = b } })).AssertTopLevelError("FORBIDDEN");   // themselves
        Assert.Equal(a, (await Scenario.LearnerAsync(learner))["departmentId"]!.GetValue<string>());

        var moved = (await ofBoth.PostAsync(Move, new { input = new { learnerId = learner, departmentId = b } })).AssertNoErrors();
        Assert.Equal(b, moved.Data!["moveLearner"]!["learner"]!["departmentId"]!.GetValue<string>());
        (await Admin.PostAsync(Move, new { input = new { learnerId = learner, departmentId = "no-such-department" } })).AssertUserError("NOT_FOUND");
        (await ofBoth.PostAsync(Move, new { input = new { learnerId = learner, departmentId = c } })).AssertTopLevelError("FORBIDDEN");
    }

    [Fact]
    public async Task a_manager_cannot_deactivate_their_own_departments_idle_learners_to_raise_its_points_per_head()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var idle = await Scenario.RegisterLearnerAsync(department);
        var manager = fixture.Server.ClientAs(StaffCsvs.Id("m"), [Roles.Manager], [department]);

        (await manager.PostAsync(Deactivate, new { id = idle })).AssertTopLevelError("FORBIDDEN");
        Assert.True((await Scenario.LearnerAsync(idle))["active"]!.GetValue<bool>());
        (await Admin.PostAsync(Deactivate, new { id = idle })).AssertNoErrors();
        (await manager.PostAsync(Reactivate, new { id = idle })).AssertTopLevelError("FORBIDDEN");
        Assert.False((await Scenario.LearnerAsync(idle))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task contacts_and_roles_are_shown_to_admins_and_the_learners_managers_only()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var id = (await ImportAsync(Admin, department, "张伟"))[0];
        const string Query = "query($id: ID!) { learner(id: $id) { email phone roles } }";

        var byAdmin = (await Admin.QueryAsync(Query, new { id }))["learner"]!;
        var byManager = (await fixture.Server.ClientAs(StaffCsvs.Id("m"), [Roles.Manager], [department]).QueryAsync(Query, new { id }))["learner"]!;
        var bySelf = (await fixture.Server.ClientAs(id, [Roles.Learner]).QueryAsync(Query, new { id }))["learner"]!;

        Assert.Equal($"{id}@example.gov.cn", byAdmin["email"]!.GetValue<string>());
        Assert.Equal("13800000000", byManager["phone"]!.GetValue<string>());
        Assert.Null(bySelf["email"]);
        Assert.Null(bySelf["phone"]);
        Assert.Null(bySelf["roles"]);
    }

    [Fact]
    public async Task xp_earned_before_a_move_stays_with_the_old_department_even_after_the_boards_are_rebuilt()
    {
        await using var server = await StartOwnServerAsync("--Leaderboards:MinActiveLearners=1");
        var admin = new Scenario(server.Client);
        var (from, to) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var learner = await admin.RegisterLearnerAsync(from);
        (await admin.RecordActivityAsync(learner, "before", verb: "COMPLETED")).AssertNoErrors();   // 10 in the old department
        await Poll.Until(() => server.Client.QueryAsync(DepartmentBoard), b => Xp(b, from) == 10);

        (await server.Client.PostAsync(Move, new { input = new { learnerId = learner, departmentId = to } })).AssertNoErrors();
        (await admin.RecordActivityAsync(learner, "after", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();   // 20 in the new one
        await Poll.Until(() => server.Client.QueryAsync(DepartmentBoard), b => Xp(b, to) == 20);
        Assert.Equal(10, Xp(await server.Client.QueryAsync(DepartmentBoard), from));

        (await server.Client.PostAsync("mutation { rebuildLeaderboards { entriesProjected } }")).AssertNoErrors();
        var rebuilt = await Poll.Until(() => server.Client.QueryAsync(DepartmentBoard), b => Xp(b, to) == 20);
        Assert.Equal(10, Xp(rebuilt, from));
    }

    [Fact]
    public async Task a_deactivated_learner_leaves_the_boards_cannot_score_keeps_their_ledger_and_reactivation_restores_them()
    {
        await using var server = await StartOwnServerAsync("--Leaderboards:MinActiveLearners=1");
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (stays, leaves) = (await admin.RegisterLearnerAsync(department), await admin.RegisterLearnerAsync(department));
        (await admin.RecordActivityAsync(stays, "s1", verb: "COMPLETED")).AssertNoErrors();
        (await admin.RecordActivityAsync(leaves, "l1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        await Poll.Until(() => server.Client.QueryAsync(LearnerBoard, new { department }), b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 2);

        var off = (await server.Client.PostAsync(Deactivate, new { id = leaves })).AssertNoErrors();
        Assert.False(off.Data!["deactivateLearner"]!["learner"]!["active"]!.GetValue<bool>());
        var board = await Poll.Until(() => server.Client.QueryAsync(LearnerBoard, new { department }), b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 1);
        Assert.Equal([10], board["learnerLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!["score"]!.GetValue<int>()));
        Assert.Equal(10, Xp(await server.Client.QueryAsync(DepartmentBoard), department));
        (await admin.RecordActivityAsync(leaves, "l2", verb: "COMPLETED", objectId: "other")).AssertError("LEARNER_DEACTIVATED");
        Assert.Single(await admin.FullLedgerAsync(leaves));

        (await server.Client.PostAsync(Reactivate, new { id = leaves })).AssertNoErrors();
        board = await Poll.Until(() => server.Client.QueryAsync(LearnerBoard, new { department }), b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 2);
        Assert.Equal([20, 10], board["learnerLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!["score"]!.GetValue<int>()));
        (await admin.RecordActivityAsync(leaves, "l3", verb: "COMPLETED", objectId: "again")).AssertNoErrors();
    }

    private static int Xp(JsonNode board, string department) =>
        board["departmentLeaderboard"]!.AsArray().FirstOrDefault(d => d!["departmentId"]?.GetValue<string>() == department)?["totalXp"]!.GetValue<int>() ?? 0;
}

[Collection(SqliteServerCollection.Name)]
public sealed class ManagePeopleTestsOnSqlite(SqliteServerFixture fixture) : ManagePeopleTests(fixture)
{
    protected override Task<GamifiedServer> StartOwnServerAsync(params string[] arguments) => GamifiedServer.StartAsync(ServerStorage.NewSqlite(), arguments);
}

[Collection(PostgresServerCollection.Name)]
public sealed class ManagePeopleTestsOnPostgres(PostgresServerFixture fixture) : ManagePeopleTests(fixture)
{
    protected override async Task<GamifiedServer> StartOwnServerAsync(params string[] arguments) =>
        await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync(), arguments);
}
