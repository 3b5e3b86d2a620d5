using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

/// <summary>Audit entries are written in group commits: many audited calls at once each still leave exactly their own entry,
/// and one refused call among them does not cost its neighbours theirs. Run on both storages.</summary>
public abstract class AuditGroupCommitTests(ServerFixture fixture)
{
    [Fact]
    public async Task audited_calls_arriving_together_each_leave_exactly_their_own_entry()
    {
        var setup = new Scenario(fixture.Server.Client);
        var department = await setup.CreateDepartmentAsync();
        var learners = new List<string>();
        for (var i = 0; i < 12; i++) learners.Add(await setup.RegisterLearnerAsync(department));
        var importerId = Scenario.NewId("importer");
        var importer = new Scenario(fixture.Server.ClientAs(importerId, [Roles.Admin]));

        // Forty imports at once (an admin's statements for others are audited), one of them for a learner who does not exist.
        var calls = Enumerable.Range(0, 40).Select(i => (Learner: i == 17 ? "no-such-learner" : learners[i % learners.Count], Key: $"import-{i}")).ToList();
        var answers = await Task.WhenAll(calls.Select(c => importer.RecordActivityAsync(c.Learner, c.Key)));

        Assert.Equal(39, answers.Count(a => a.Errors is null && a.Data!["recordActivity"]!["activityRecorded"] is not null));
        var log = (await fixture.Server.Client.QueryAsync("query($actor: String) { auditLog(actor: $actor, first: 100) { edges { node { action target outcome details } } } }",
            new { actor = importerId }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(40, log.Count);
        Assert.All(log, e => Assert.Equal("recordActivity", e["action"]!.GetValue<string>()));
        Assert.Equal(calls.Select(c => c.Key).Order(), log.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e["details"]!.GetValue<string>())!["input"]!["idempotencyKey"]!.GetValue<string>()).Order());
        var refused = log.Single(e => e["target"]!.GetValue<string>() == "no-such-learner");
        Assert.Equal("NOT_FOUND", refused["outcome"]!.GetValue<string>());
        Assert.Equal(39, log.Count(e => e["outcome"]!.GetValue<string>() == "OK"));
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class AuditGroupCommitTestsOnSqlite(SqliteServerFixture fixture) : AuditGroupCommitTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class AuditGroupCommitTestsOnPostgres(PostgresServerFixture fixture) : AuditGroupCommitTests(fixture);
