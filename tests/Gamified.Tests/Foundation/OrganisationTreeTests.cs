using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Foundation;

/// <summary>Bureaus above departments: renaming, moving without loops, and a bureau manager's reach over the departments below.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class OrganisationTreeTests(SqliteServerFixture fixture)
{
    private const string Move = """
        mutation($input: MoveDepartmentInput!) { moveDepartment(input: $input) { department { id parent { id } } userErrors { code message field } } }
        """;

    private GraphQLClient Admin => fixture.Server.Client;

    [Fact]
    public async Task a_bureau_manager_manages_the_departments_below_it_until_one_moves_out()
    {
        var scenario = new Scenario(Admin);
        var bureau = await scenario.CreateDepartmentAsync();
        var office = await scenario.CreateDepartmentAsync(parentId: bureau);
        var team = await scenario.CreateDepartmentAsync(parentId: office);
        var elsewhere = await scenario.CreateDepartmentAsync();
        var learner = await scenario.RegisterLearnerAsync(team);
        var bureauManager = fixture.Server.ClientAs(Scenario.NewId("bureau-manager"), [Roles.Manager], [bureau]);
        const string profile = "query($id: ID!) { learner(id: $id) { id } }";

        // Two levels down from the bureau named in the token.
        Assert.Equal(learner, (await bureauManager.QueryAsync(profile, new { id = learner }))["learner"]!["id"]!.GetValue<string>());

        (await Admin.PostAsync(Move, new { input = new { id = office, parentId = elsewhere } })).AssertNoErrors();

        Assert.Equal("FORBIDDEN", (await bureauManager.PostAsync(profile, new { id = learner })).RefusalCode);
    }

    [Fact]
    public async Task a_department_cannot_move_under_itself_or_below_itself()
    {
        var scenario = new Scenario(Admin);
        var bureau = await scenario.CreateDepartmentAsync();
        var office = await scenario.CreateDepartmentAsync(parentId: bureau);

        var underChild = await Admin.PostAsync(Move, new { input = new { id = bureau, parentId = office } });
        var underSelf = await Admin.PostAsync(Move, new { input = new { id = bureau, parentId = bureau } });

        Assert.Equal("BAD_USER_INPUT", underChild.RefusalCode);
        Assert.Equal("BAD_USER_INPUT", underSelf.RefusalCode);
        var tree = await Admin.QueryAsync("query($id: ID!) { department(id: $id) { parent { id } } }", new { id = bureau });
        Assert.Null(tree["department"]!["parent"]);
    }

    [Fact]
    public async Task moving_to_the_top_and_renaming_keep_the_department_and_its_id()
    {
        var scenario = new Scenario(Admin);
        var bureau = await scenario.CreateDepartmentAsync();
        var office = await scenario.CreateDepartmentAsync(parentId: bureau);

        var moved = (await Admin.QueryAsync(Move, new { input = new { id = office, parentId = (string?)null } }))["moveDepartment"]!["department"]!;
        var renamed = (await Admin.QueryAsync("""
            mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { department { id names { zhCN en } } userErrors { code message field } } }
            """, new { input = new { id = office, names = new { zhCN = "政务数据中心", en = "Government Data Centre" } } }))["updateDepartment"]!["department"]!;

        Assert.Null(moved["parent"]);
        Assert.Equal((office, "政务数据中心"), (renamed["id"]!.GetValue<string>(), renamed["names"]!["zhCN"]!.GetValue<string>()));
    }
}
