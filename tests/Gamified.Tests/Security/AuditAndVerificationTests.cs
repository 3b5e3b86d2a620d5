using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gamified.Tests.Security;

[Collection(SqliteServerCollection.Name)]
public sealed class AuditLogTests(SqliteServerFixture fixture)
{
    [Fact]
    public async Task privileged_actions_are_audited_with_who_what_and_where_and_refusals_too()
    {
        var admin = new Scenario(fixture.Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var elsewhere = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(elsewhere);
        var managerId = Scenario.NewId("manager");
        var manager = fixture.Server.ClientAs(managerId, [Roles.Manager], [department]);
        (await manager.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "x", reason = "越权尝试" } })).AssertError("FORBIDDEN");

        var log = (await fixture.Server.Client.QueryAsync("""
            { auditLog(first: 100) { edges { node { at actor roles action target outcome details clientAddress } } } }
            """))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]).ToList();

        var created = log.Single(e => e!["action"]!.GetValue<string>() == "createDepartment" && e["target"]?.GetValue<string>() == department)!;
        Assert.Equal("test-admin", created["actor"]!.GetValue<string>());
        Assert.Equal("OK", created["outcome"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", created["clientAddress"]!.GetValue<string>());
        Assert.Contains("数据资源管理局", created["details"]!.GetValue<string>());
        var refused = log.Single(e => e!["actor"]?.GetValue<string>() == managerId)!;
        Assert.Equal("awardBadge", refused["action"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", refused["outcome"]!.GetValue<string>());
        Assert.Equal(learner, refused["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_audit_log_pages_forward_by_cursor_without_gaps_or_repeats()
    {
        var adminId = Scenario.NewId("admin");
        var admin = new Scenario(fixture.Server.ClientAs(adminId, [Roles.Admin]));
        var departments = new List<string>();
        for (var i = 0; i < 3; i++) departments.Add(await admin.CreateDepartmentAsync());
        const string page = """
            query($actor: String, $after: String) {
              auditLog(actor: $actor, first: 2, after: $after) {
                edges { cursor node { target } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;

        var first = (await fixture.Server.Client.QueryAsync(page, new { actor = adminId, after = (string?)null }))["auditLog"]!;
        var second = (await fixture.Server.Client.QueryAsync(page, new { actor = adminId, after = first["pageInfo"]!["endCursor"]!.GetValue<string>() }))["auditLog"]!;

        Assert.Equal((true, false), (first["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), first["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>()));
        Assert.Equal(first["edges"]![0]!["cursor"]!.GetValue<string>(), first["pageInfo"]!["startCursor"]!.GetValue<string>());
        Assert.Equal(first["edges"]![1]!["cursor"]!.GetValue<string>(), first["pageInfo"]!["endCursor"]!.GetValue<string>());
        Assert.Equal((false, true), (second["pageInfo"]!["hasNextPage"]!.GetValue<bool>(), second["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>()));
        var targets = first["edges"]!.AsArray().Concat(second["edges"]!.AsArray()).Select(e => e!["node"]!["target"]!.GetValue<string>());
        Assert.Equal(Enumerable.Reverse(departments), targets);   // newest first
        (await fixture.Server.Client.PostAsync(page, new { actor = adminId, after = "not-a-cursor" })).AssertTopLevelError("BAD_USER_INPUT");
    }

    [Fact]
    public async Task a_refusal_in_user_errors_is_audited_with_its_code_and_writes_nothing()
    {
        var adminId = Scenario.NewId("admin");
        var admin = fixture.Server.ClientAs(adminId, [Roles.Admin]);
        var id = Scenario.NewId("dept");

        var refused = await admin.PostAsync("mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code message field } } }",
            new { input = new { id, names = new { zhCN = new string('部', 10_000), en = "Bureau" } } });

        refused.AssertUserError("BAD_USER_INPUT");
        var audit = (await fixture.Server.Client.QueryAsync("query($actor: String) { auditLog(actor: $actor) { edges { node { action target outcome } } } }",
            new { actor = adminId }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single();
        Assert.Equal(("createDepartment", id, "BAD_USER_INPUT"),
            (audit["action"]!.GetValue<string>(), audit["target"]!.GetValue<string>(), audit["outcome"]!.GetValue<string>()));
        Assert.Null((await fixture.Server.Client.QueryAsync("query($id: ID!) { department(id: $id) { id } }", new { id }))["department"]);
    }

    [Fact]
    public async Task the_audit_log_is_for_admins_only()
    {
        var learner = fixture.Server.ClientAs("curious", [Roles.Learner]);
        var manager = fixture.Server.ClientAs("curious-manager", [Roles.Manager], [Roles.AllDepartments]);
        (await learner.PostAsync("{ auditLog { edges { node { action } } } }")).AssertError("FORBIDDEN");
        (await manager.PostAsync("{ auditLog { edges { node { action } } } }")).AssertError("FORBIDDEN");
    }
}

/// <summary>An entry altered directly in the database is found by verifyLedger, on both storages.</summary>
public sealed class LedgerTamperTests
{
    [Fact]
    public async Task an_entry_altered_in_sqlite_is_reported_as_the_first_broken_link()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        await using var server = await GamifiedServer.StartAsync(storage);
        var (victim, bystander) = await SeedTwoLearners(server);
        await AssertOk(server, null);

        await using (var connection = new SqliteConnection($"Data Source={storage.DatabaseFile}"))
        {
            await connection.OpenAsync();
            // The tamperer has file access: drop the append-only guard, then rewrite history.
            await using var command = new SqliteCommand("""
                DROP TRIGGER tr_ledger_entries_no_update;
                UPDATE ledger_entries SET amount = 500 WHERE learner_id = @l AND seq = 2;
                """, connection);
            command.Parameters.AddWithValue("l", victim);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await AssertBroken(server, null, victim, 2);
        await AssertBroken(server, victim, victim, 2);
        await AssertOk(server, bystander);
    }

    [Fact]
    public async Task an_entry_altered_in_postgres_is_reported_as_the_first_broken_link()
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        await using var server = await GamifiedServer.StartAsync(storage);
        var (victim, bystander) = await SeedTwoLearners(server);
        await AssertOk(server, null);

        await using (var connection = new NpgsqlConnection(storage.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                ALTER TABLE ledger_entries DISABLE TRIGGER tr_ledger_entries_append_only;
                UPDATE ledger_entries SET reason = 'completed nothing at all' WHERE learner_id = @l AND seq = 3;
                """, connection);
            command.Parameters.AddWithValue("l", victim);
            await command.ExecuteNonQueryAsync();
        }

        await AssertBroken(server, null, victim, 3);
        await AssertOk(server, bystander);
    }

    private static async Task<(string Victim, string Bystander)> SeedTwoLearners(GamifiedServer server)
    {
        var scenario = new Scenario(server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var victim = await scenario.RegisterLearnerAsync(department, id: "aaa-" + Guid.NewGuid().ToString("n")[..8]);
        var bystander = await scenario.RegisterLearnerAsync(department, id: "zzz-" + Guid.NewGuid().ToString("n")[..8]);
        foreach (var learner in new[] { victim, bystander })
            for (var i = 0; i < 4; i++) (await scenario.RecordActivityAsync(learner, $"t-{i}", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        return (victim, bystander);
    }

    private const string Verify = "query($id: ID) { verifyLedger(learnerId: $id) { ok learnersChecked entriesChecked firstBrokenLink { learnerId seq problem } } }";

    private static async Task AssertOk(GamifiedServer server, string? learnerId)
    {
        var result = (await server.Client.QueryAsync(Verify, new { id = learnerId }))["verifyLedger"]!;
        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Null(result["firstBrokenLink"]);
    }

    private static async Task AssertBroken(GamifiedServer server, string? scope, string learnerId, int seq)
    {
        var result = (await server.Client.QueryAsync(Verify, new { id = scope }))["verifyLedger"]!;
        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal(learnerId, result["firstBrokenLink"]!["learnerId"]!.GetValue<string>());
        Assert.Equal(seq, result["firstBrokenLink"]!["seq"]!.GetValue<int>());
        Assert.Contains("altered", result["firstBrokenLink"]!["problem"]!.GetValue<string>());
    }
}
