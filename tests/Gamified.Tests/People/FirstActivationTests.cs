using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.People;

/// <summary>
/// A learner the staff import listed becomes a learner from their HR record when their grain first runs, without writing
/// their profile: the record stays its source until the profile first changes. Nothing they earn in between is lost
/// across restarts, and the first change stores the profile for good. Run on both storages.
/// </summary>
public sealed class FirstActivationTests
{
    private const string Header = "工号,姓名,部门,角色,邮箱,手机";
    private const string SetVisibility = "mutation($v: PublicVisibility!) { setMyVisibility(visibility: $v) { learner { visibility } userErrors { code } } }";

    [Fact]
    public Task an_imported_learner_keeps_what_they_earned_and_their_choices_across_restarts_on_sqlite() => KeepsAcrossRestarts(ServerStorage.NewSqlite());

    [Fact]
    public async Task an_imported_learner_keeps_what_they_earned_and_their_choices_across_restarts_on_postgres() =>
        await KeepsAcrossRestarts(await ServerStorage.NewPostgresAsync());

    private static async Task KeepsAcrossRestarts(ServerStorage storage)
    {
        var learner = StaffCsvs.Id("e");
        string department;
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            department = await new Scenario(server.Client).CreateDepartmentAsync();
            (await server.Client.ImportAsync(StaffCsvs.Csv(Header, $"{learner},孙丽,{department},learner,,"), dryRun: false)).Report();
            // The first statement runs the learner's grain for the first time: taken from the HR record.
            (await new Scenario(server.Client).RecordActivityAsync(learner, "first", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            // A "move" to where they are already rewrites their directory row (and with it the HR record the profile came from).
            (await server.Client.PostAsync("mutation($input: MoveLearnerInput!) { moveLearner(input: $input) { learner { id } userErrors { code } } }",
                new { input = new { learnerId = learner, departmentId = department } })).AssertNoErrors();
        }

        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var admin = new Scenario(server.Client);
            var profile = await admin.LearnerAsync(learner);
            Assert.Equal(("孙丽", department, 20), (profile["displayName"]!.GetValue<string>(), profile["departmentId"]!.GetValue<string>(), profile["xp"]!.GetValue<int>()));
            // The same key again is a replay, a new one chains after the first entry.
            var again = (await admin.RecordActivityAsync(learner, "first", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
            Assert.True(again.Data!["recordActivity"]!["activityRecorded"]!["replayed"]!.GetValue<bool>());
            (await admin.RecordActivityAsync(learner, "second")).AssertNoErrors();
            var ledger = await admin.FullLedgerAsync(learner);
            Assert.Equal(30, ledger.Sum(e => e["amount"]!.GetValue<int>()));
            // The learner's first choice stores the profile.
            (await server.ClientAs(learner, [Roles.Learner]).PostAsync(SetVisibility, new { v = "HIDDEN" })).AssertNoErrors();
        }

        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var profile = (await server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { xp visibility displayName } }", new { id = learner }))["learner"]!;
            Assert.Equal((30, "HIDDEN", "孙丽"),
                (profile["xp"]!.GetValue<int>(), profile["visibility"]!.GetValue<string>(), profile["displayName"]!.GetValue<string>()));
        }
    }
}
