using Gamified.Api.Security;
using Gamified.Tests.Brainstorms;
using Gamified.Tests.Infrastructure;
using Npgsql;

namespace Gamified.Tests.Security;

/// <summary>Erasing a person (PIPL): their name and the free text about them go, what they earned stays and verifies.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PersonalDataErasureTests(PostgresServerFixture fixture)
{
    private const string Erase = """
        mutation($id: ID!) { eraseLearnerPersonalData(learnerId: $id) {
          learner { displayName xp personalDataErasedAt } userErrors { code message } } }
        """;

    private GraphQLClient Admin => fixture.Server.Client;

    [Fact]
    public async Task an_erased_learner_keeps_their_xp_and_a_ledger_that_verifies_without_their_name_or_reasons()
    {
        var scenario = new Scenario(Admin);
        var name = "王" + Guid.NewGuid().ToString("n")[..6];
        var department = await scenario.CreateDepartmentAsync();
        var learner = await scenario.RegisterLearnerAsync(department, displayName: name);
        var brainstorm = Scenario.NewId("erase-brainstorm");
        (await BrainstormScenario.CreateAsync(Admin, brainstorm, [department, await scenario.CreateDepartmentAsync()],
            DateTimeOffset.UtcNow.AddDays(1))).AssertNoErrors();
        await BrainstormScenario.IdeaAsync(fixture.Server.ClientAs(learner, [Roles.Learner], [department]), brainstorm,
            $"我是{name}，建议把窗口受理改成网上预约");
        (await scenario.RecordActivityAsync(learner, "erase-1")).AssertNoErrors();
        (await scenario.RecordActivityAsync(learner, "erase-2")).AssertNoErrors();
        var note = $"{name} 的第一条记录重复，已撤销";
        (await Admin.PostAsync("""
            mutation($input: RevokeAwardInput!) { revokeAward(input: $input) { ledgerEntry { seq } userErrors { code message } } }
            """, new { input = new { learnerId = learner, seq = 1, reason = note } })).AssertNoErrors();
        var xp = (await scenario.LearnerAsync(learner))["xp"]!.GetValue<int>();
        Assert.Contains(await scenario.FullLedgerAsync(learner), e => e["reason"]!.GetValue<string>() == note);
        // The check below means something: the name is stored in the profile, the learner list, the note and the idea (the
        // audit log, which erasure does not touch, records the name and the note as withheld).
        Assert.Equal(4, await RowsMentioning(name));

        var erased = (await Admin.QueryAsync(Erase, new { id = learner }))["eraseLearnerPersonalData"]!["learner"]!;

        Assert.NotEqual(name, erased["displayName"]!.GetValue<string>());
        Assert.Equal(xp, erased["xp"]!.GetValue<int>());
        Assert.NotNull(erased["personalDataErasedAt"]);
        var ledger = await scenario.FullLedgerAsync(learner);
        Assert.All(ledger, e => Assert.Equal("", e["reason"]!.GetValue<string>()));
        Assert.All(ledger, e => Assert.Null(e["reasonSalt"]));
        var verification = (await Admin.QueryAsync("query($id: ID!) { verifyLedger(learnerId: $id) { ok entriesChecked } }", new { id = learner }))["verifyLedger"]!;
        Assert.True(verification["ok"]!.GetValue<bool>());
        Assert.Equal(ledger.Count, verification["entriesChecked"]!.GetValue<int>());
        // Nowhere in the database any more: not the name, not the note, not the idea (brainstorms keep their state as grains).
        Assert.Equal(0, await RowsMentioning(name));
        // Again: nothing left to erase, nothing changes.
        (await Admin.PostAsync(Erase, new { id = learner })).AssertNoErrors();
        Assert.True((await Admin.QueryAsync("query($id: ID!) { verifyLedger(learnerId: $id) { ok } }", new { id = learner }))["verifyLedger"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_manager_cannot_erase_a_learner_of_their_department()
    {
        var scenario = new Scenario(Admin);
        var department = await scenario.CreateDepartmentAsync();
        var learner = await scenario.RegisterLearnerAsync(department);
        var manager = fixture.Server.ClientAs("erasing-manager", [Roles.Manager], [department]);

        var refused = await manager.PostAsync(Erase, new { id = learner });

        Assert.Equal("FORBIDDEN", refused.FirstErrorCode);
        var after = await Admin.QueryAsync("query($id: ID!) { learner(id: $id) { displayName personalDataErasedAt } }", new { id = learner });
        Assert.Null(after["learner"]!["personalDataErasedAt"]);
        Assert.Equal("王小明", after["learner"]!["displayName"]!.GetValue<string>());
    }

    /// <summary>Rows of the ledger's tables, the audit log, the learner list and grain state (profiles, brainstorms) whose text has <paramref name="text"/>.</summary>
    private async Task<long> RowsMentioning(string text)
    {
        await using var connection = new NpgsqlConnection(((PostgresStorage)fixture.Storage).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT COUNT(*) FROM ledger_entries WHERE reason LIKE @text)
                 + (SELECT COUNT(*) FROM ledger_reasons WHERE reason LIKE @text)
                 + (SELECT COUNT(*) FROM audit_log WHERE details LIKE @text)
                 + (SELECT COUNT(*) FROM learner_directory WHERE display_name LIKE @text OR pending LIKE @text)
                 + (SELECT COUNT(*) FROM orleans_grain_state WHERE position(convert_to(@plain, 'UTF8') IN payload) > 0)
            """, connection);
        command.Parameters.AddWithValue("text", $"%{text}%");
        command.Parameters.AddWithValue("plain", text);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
