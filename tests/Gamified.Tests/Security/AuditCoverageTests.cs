using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Security;

/// <summary>What is audited beyond the admin-only mutations: acting for another learner, and publishing (by digest, not bytes).</summary>
public sealed class AuditCoverageTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private GamifiedServer Server => fixture.Server;

    private async Task<List<JsonNode>> AuditOf(string action) =>
        (await Server.Client.QueryAsync("query($action: String) { auditLog(first: 100, action: $action) { edges { node { actor action target outcome details } } } }",
            new { action }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();

    [Fact]
    public async Task an_admin_registering_recording_for_and_teaming_a_learner_is_audited_and_a_learner_acting_for_themselves_is_not()
    {
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        (await admin.RecordActivityAsync(learner, Scenario.NewId("import"))).AssertNoErrors();
        var team = Scenario.NewId("team");
        await Server.Client.QueryAsync("mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { id = team, names = new { zhCN = "审计小组", en = "Audit team" } } });
        await Server.Client.QueryAsync("mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { teamId = team, learnerId = learner } });

        foreach (var action in new[] { "registerLearner", "recordActivity", "joinTeam" })
        {
            var entry = Assert.Single(await AuditOf(action), e => e["target"]?.GetValue<string>() == learner);
            Assert.Equal(("test-admin", "OK"), (entry["actor"]!.GetValue<string>(), entry["outcome"]!.GetValue<string>()));
        }

        // A learner registering, recording and joining for themselves is not privileged, and not logged.
        var self = Scenario.NewId("self");
        var own = new Scenario(Server.ClientAs(self, [Roles.Learner]));
        await own.RegisterLearnerAsync(department, self);
        (await own.RecordActivityAsync(self, Scenario.NewId("own"))).AssertNoErrors();
        await Server.ClientAs(self, [Roles.Learner]).QueryAsync("mutation($input: JoinTeamInput!) { joinTeam(input: $input) { team { id } userErrors { code message field } } }",
            new { input = new { teamId = team, learnerId = self } });
        foreach (var action in new[] { "registerLearner", "recordActivity", "joinTeam" })
            Assert.DoesNotContain(await AuditOf(action), e => e["target"]?.GetValue<string>() == self);
    }

    [Fact]
    public async Task registering_a_learner_is_audited_without_their_name()
    {
        var admin = new Scenario(Server.Client);
        var name = "审计" + Guid.NewGuid().ToString("n")[..6];
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync(), displayName: name);

        var entry = Assert.Single(await AuditOf("registerLearner"), e => e["target"]?.GetValue<string>() == learner);
        var input = JsonNode.Parse(entry["details"]!.GetValue<string>())!["input"]!;

        Assert.Equal(learner, input["id"]!.GetValue<string>());
        Assert.DoesNotContain(name, entry["details"]!.GetValue<string>());
        Assert.Equal("(personal data, not recorded)", input["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task publishing_records_the_package_version_and_digest_and_not_the_archive()
    {
        var author = Server.ClientAs("audited-author", [Roles.Author]);
        var id = "test.audited." + Guid.NewGuid().ToString("n")[..8];
        var zip = SamplePackage.Zip(new Dictionary<string, string?>
        {
            ["manifest.json"] = SamplePackage.Text("manifest.json").Replace("\"test.sample.basics\"", $"\"{id}\""),
        });
        Assert.Empty((await ContentScenario.PublishAsync(author, zip))["userErrors"]!.AsArray());

        var entry = Assert.Single(await AuditOf("publishPackage"), e => e["target"]?.GetValue<string>() == id);
        var details = JsonNode.Parse(entry["details"]!.GetValue<string>())!;
        Assert.Equal("1.0.0", details["version"]!.GetValue<string>());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(zip)), details["digest"]!.GetValue<string>());
        Assert.Equal(zip.Length, details["archiveBytes"]!.GetValue<int>());
        Assert.True(entry["details"]!.GetValue<string>().Length < 1000, "the archive is not in the audit log");
        Assert.DoesNotContain(Convert.ToBase64String(zip)[..64], entry["details"]!.GetValue<string>());
    }
}
