using System.Net;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Live;
using Gamified.Tests.People;

namespace Gamified.Tests.SignIn;

/// <summary>
/// Service accounts over real HTTP: an integration signs in with client credentials and reaches exactly the fields of its
/// scopes, within its departments. Against a hostile integration and manager: wrong secrets, scopes it was not given,
/// fields that award points, tokens kept after revocation, the web pages' public client, secrets in logs.
/// </summary>
public abstract class ServiceAccountTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private const string Learners = "query($d: ID) { learners(departmentId: $d, first: 10) { edges { node { id } } } }";
    private const string List = "{ serviceAccounts { clientId name scopes departments createdBy lastUsedAt } }";

    [Fact]
    public async Task the_secret_works_once_created_and_the_token_reaches_its_scopes_fields_and_nothing_else()
    {
        var department = await new Scenario(Server.Client).CreateDepartmentAsync();
        var learner = await new Scenario(Server.Client).RegisterLearnerAsync(department);
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.StaffImport], [department]);
        var api = Server.ClientWithToken(await TestServiceAccounts.TokenAsync(Server, clientId, secret));

        var listed = (await api.PostAsync(Learners, new { d = department })).AssertNoErrors();
        Assert.Equal([learner], listed.Data!["learners"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
        var csv = StaffCsvs.Csv("工号,姓名,部门", $"{StaffCsvs.Id("e")},张伟,{department}");
        Assert.Equal(1, (await api.ImportAsync(csv, dryRun: true)).Report()["created"]!.GetValue<int>());

        // No person's roles: nothing that awards points or records activity, not even what any signed-in person may read.
        (await api.PostAsync("{ departments { id } }")).AssertError(ErrorCodes.Forbidden);
        (await new Scenario(api).RecordActivityAsync(learner, "svc-" + Guid.NewGuid().ToString("n")[..8])).AssertError(ErrorCodes.Forbidden);
        (await api.PostAsync("mutation($l: ID!) { eraseLearnerPersonalData(learnerId: $l) { userErrors { code } } }", new { l = learner }))
            .AssertError(ErrorCodes.Forbidden);
        (await api.PostAsync(List)).AssertError(ErrorCodes.Forbidden);
        (await api.PostAsync("{ stalePackages { packageId } }")).AssertError(ErrorCodes.Forbidden);   // reports:read, not given
        using var report = await api.Http.GetAsync($"/reports/department-analytics.csv?departmentId={department}");
        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        // A scope it was not given cannot be asked for at the token endpoint either.
        Assert.NotEqual(HttpStatusCode.OK, (await TestServiceAccounts.RequestTokenAsync(Server, clientId, secret, ServiceScopes.ReportsRead)).Status);
    }

    [Fact]
    public async Task a_wrong_or_missing_secret_is_refused()
    {
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.ReportsRead], ["*"]);

        var (wrong, body) = await TestServiceAccounts.RequestTokenAsync(Server, clientId, secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'));
        var (missing, _) = await TestServiceAccounts.RequestTokenAsync(Server, clientId, null);
        var (unknown, _) = await TestServiceAccounts.RequestTokenAsync(Server, "svc-0000000000000000", secret);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("invalid_client", body!["error"]!.GetValue<string>());
        Assert.NotEqual(HttpStatusCode.OK, missing);
        Assert.NotEqual(HttpStatusCode.OK, unknown);
        await TestServiceAccounts.TokenAsync(Server, clientId, secret);
        // Each request audited with the client id, refused (a wrong secret; none at all) or granted; never the secret.
        var audit = (await Server.Client.QueryAsync("query($a: String) { auditLog(actor: $a, action: \"serviceToken\", first: 10) { edges { node { outcome details } } } }",
            new { a = clientId }))["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(["INVALID_CLIENT", "INVALID_REQUEST", "OK"], audit.Select(e => e["outcome"]!.GetValue<string>()).Order());
        Assert.DoesNotContain(secret[..20], string.Join("\n", audit.Select(e => e.ToJsonString())));
    }

    [Fact]
    public async Task the_web_pages_public_client_cannot_use_the_client_credentials_grant()
    {
        var (status, body) = await TestServiceAccounts.RequestTokenAsync(Server, Gamified.Server.Identity.WebPagesClient.ClientId, null);
        var (withScope, _) = await TestServiceAccounts.RequestTokenAsync(Server, Gamified.Server.Identity.WebPagesClient.ClientId, null, ServiceScopes.ReportsRead);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Null(body?["access_token"]);
        Assert.Equal(HttpStatusCode.BadRequest, withScope);
    }

    [Fact]
    public async Task a_revoked_accounts_token_is_refused_at_once_over_http_and_websocket_and_its_secret_no_longer_works()
    {
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.ReportsRead], ["*"]);
        var token = await TestServiceAccounts.TokenAsync(Server, clientId, secret);
        var api = Server.ClientWithToken(token);
        (await api.PostAsync("{ stalePackages { packageId } }")).AssertNoErrors();

        var revoked = (await Server.Client.PostAsync("mutation($c: ID!) { revokeServiceAccount(clientId: $c) { account { clientId } userErrors { code } } }",
            new { c = clientId })).AssertNoErrors();
        Assert.Equal(clientId, revoked.Data!["revokeServiceAccount"]!["account"]!["clientId"]!.GetValue<string>());

        var refused = await api.PostAsync("{ stalePackages { packageId } }");
        Assert.Equal(401, refused.Status);
        Assert.Equal(ErrorCodes.Unauthenticated, refused.FirstErrorCode);
        using (var csv = await api.Http.GetAsync("/reports/stale-packages.csv")) Assert.Equal(HttpStatusCode.Unauthorized, csv.StatusCode);
        await using var socket = await WsClient.ConnectAsync(Server.Address);
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } });
        Assert.Equal(4403, await socket.ClosedWithAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await TestServiceAccounts.RequestTokenAsync(Server, clientId, secret)).Status);
        Assert.DoesNotContain(clientId, (await Server.Client.QueryAsync(List))["serviceAccounts"]!.AsArray().Select(a => a!["clientId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task revoking_refuses_an_id_that_is_not_a_service_account_and_leaves_the_web_pages_client_alone()
    {
        const string revoke = "mutation($c: ID!) { revokeServiceAccount(clientId: $c) { account { clientId } userErrors { code } } }";
        (await Server.Client.PostAsync(revoke, new { c = Gamified.Server.Identity.WebPagesClient.ClientId })).AssertError(ErrorCodes.NotFound);
        (await Server.Client.PostAsync(revoke, new { c = "svc-0000000000000000" })).AssertError(ErrorCodes.NotFound);
        var learner = await TestAccounts.CreateAsync(Server, [Roles.Learner]);
        using var browser = new OidcTestClient(Server.Address);
        Assert.NotNull((await browser.SignInAsync(learner, TestAccounts.Password))["access_token"]);
    }

    [Fact]
    public async Task managers_and_learners_cannot_create_list_or_revoke_service_accounts()
    {
        var department = await new Scenario(Server.Client).CreateDepartmentAsync();
        var (clientId, _) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.StaffImport], [department]);
        foreach (var caller in new[] { Server.ClientAs("mgr-x", [Roles.Manager], ["*"]), Server.ClientAs("lrn-x", [Roles.Learner], [department]) })
        {
            (await caller.PostAsync(TestServiceAccounts.Create, new { input = new { name = "mine", scopes = new[] { ServiceScopes.StaffImport }, departments = new[] { "*" } } }))
                .AssertError(ErrorCodes.Forbidden);
            (await caller.PostAsync(List)).AssertError(ErrorCodes.Forbidden);
            (await caller.PostAsync("mutation($c: ID!) { revokeServiceAccount(clientId: $c) { userErrors { code } } }", new { c = clientId }))
                .AssertError(ErrorCodes.Forbidden);
        }
        Assert.Contains(clientId, (await Server.Client.QueryAsync(List))["serviceAccounts"]!.AsArray().Select(a => a!["clientId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task bad_input_is_refused_with_the_field_at_fault_and_nothing_is_created()
    {
        var before = (await Server.Client.QueryAsync(List))["serviceAccounts"]!.AsArray().Count;
        foreach (var (input, field) in new (object Input, string Field)[]
                 {
                     (new { name = " ", scopes = new[] { ServiceScopes.StaffImport } }, "name"),
                     (new { name = "x", scopes = Array.Empty<string>() }, "scopes"),
                     (new { name = "x", scopes = new[] { "admin" } }, "scopes"),
                     (new { name = "x", scopes = new[] { ServiceScopes.StaffImport }, departments = new[] { "bad id!" } }, "departments"),
                 })
        {
            var refused = await Server.Client.PostAsync(TestServiceAccounts.Create, new { input });
            Assert.Equal(ErrorCodes.BadUserInput, refused.RefusalCode);
            Assert.Equal(["input", field], refused.FirstUserError!["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        }
        Assert.Equal(before, (await Server.Client.QueryAsync(List))["serviceAccounts"]!.AsArray().Count);
    }

    [Fact]
    public async Task the_secret_never_appears_in_the_audit_log_or_in_the_list_and_the_list_shows_when_it_was_last_used()
    {
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.ContentPublish], name: "教材流水线");
        var listed = (await Server.Client.QueryAsync(List))["serviceAccounts"]!.AsArray().Single(a => a!["clientId"]!.GetValue<string>() == clientId)!;
        Assert.Null(listed["lastUsedAt"]);
        await TestServiceAccounts.TokenAsync(Server, clientId, secret);

        var audit = (await Server.Client.QueryAsync("{ auditLog(action: \"createServiceAccount\", first: 100) { edges { node { actor target outcome details } } } }"))
            ["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        var entry = Assert.Single(audit, e => e["target"]?.GetValue<string>() == clientId);
        Assert.Equal("OK", entry["outcome"]!.GetValue<string>());
        Assert.Contains("教材流水线", entry["details"]!.GetValue<string>());
        Assert.DoesNotContain(secret, string.Join("\n", audit.Select(e => e.ToJsonString())));
        var again = (await Server.Client.QueryAsync(List))["serviceAccounts"]!;
        Assert.DoesNotContain(secret, again.ToJsonString());
        var used = again.AsArray().Single(a => a!["clientId"]!.GetValue<string>() == clientId)!;
        Assert.Equal(["content:publish"], used["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("test-admin", used["createdBy"]!.GetValue<string>());
        Assert.NotNull(used["lastUsedAt"]);
    }

    [Fact]
    public async Task an_hr_sync_for_one_bureau_imports_into_its_departments_only_and_deactivates_no_one_elsewhere()
    {
        var scenario = new Scenario(Server.Client);
        var bureau = await scenario.CreateDepartmentAsync();
        var office = await scenario.CreateDepartmentAsync(parentId: bureau);
        var elsewhere = await scenario.CreateDepartmentAsync();
        var outsider = await scenario.RegisterLearnerAsync(elsewhere);
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.StaffImport], [bureau]);
        var api = Server.ClientWithToken(await TestServiceAccounts.TokenAsync(Server, clientId, secret));
        var newcomer = StaffCsvs.Id("e");

        // Into a department below the bureau: fine. Into another department, or pulling someone in from there: refused by line.
        var refused = (await api.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", $"{newcomer},张伟,{office}", $"{StaffCsvs.Id("e")},李娜,{elsewhere}",
            $"{outsider},王小明,{office}"), dryRun: true)).LineErrors();
        Assert.Equal([(3, ErrorCodes.Forbidden), (4, ErrorCodes.Forbidden)],
            refused.Select(e => (e!["line"]!.GetValue<int>(), e["code"]!.GetValue<string>())));

        var applied = (await api.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", $"{newcomer},张伟,{office}"), dryRun: false, deactivateMissing: true)).Report();
        Assert.Equal(1, applied["created"]!.GetValue<int>());
        Assert.Equal(0, applied["deactivated"]!.GetValue<int>());
        Assert.Equal(office, (await scenario.LearnerAsync(newcomer))["departmentId"]!.GetValue<string>());
        (await api.PostAsync(Learners, new { d = elsewhere })).AssertError(ErrorCodes.Forbidden);

        var audit = (await Server.Client.QueryAsync("query($a: String) { auditLog(actor: $a, action: \"importStaff\", first: 10) { edges { node { outcome } } } }",
            new { a = clientId }))["auditLog"]!["edges"]!.AsArray();
        Assert.Equal(2, audit.Count);
    }

    [Fact]
    public async Task a_content_pipeline_publishes_packages_it_then_owns_and_cannot_take_them_as_a_learner()
    {
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.ContentPublish], name: "教材流水线");
        var api = Server.ClientWithToken(await TestServiceAccounts.TokenAsync(Server, clientId, secret));
        var id = "test.pipeline." + Guid.NewGuid().ToString("n")[..8];
        byte[] Zip(string version) => Content.SamplePackage.Zip(new Dictionary<string, string?>
        {
            ["manifest.json"] = Content.SamplePackage.Text("manifest.json").Replace("\"test.sample.basics\"", $"\"{id}\"")
                .Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\""),
        });

        var checkedFirst = (await api.PostAsync("query($a: String!) { validatePackage(archiveBase64: $a) { valid } }",
            new { a = Convert.ToBase64String(Zip("1.0.0")) })).AssertNoErrors();
        Assert.True(checkedFirst.Data!["validatePackage"]!["valid"]!.GetValue<bool>());
        var first = await Content.ContentScenario.PublishAsync(api, Zip("1.0.0"));
        Assert.Empty(first["userErrors"]!.AsArray());
        Assert.Equal(clientId, first["package"]!["owner"]!.GetValue<string>());
        Assert.Empty((await Content.ContentScenario.PublishAsync(api, Zip("1.1.0")))["userErrors"]!.AsArray());
        // Another author cannot publish over the pipeline's package; the pipeline cannot start it, nor retire it.
        (await Server.ClientAs("author-x", [Roles.Author]).PostAsync("mutation($input: PublishPackageInput!) { publishPackage(input: $input) { userErrors { code } } }",
            new { input = new { archiveBase64 = Convert.ToBase64String(Zip("2.0.0")) } })).AssertError("NOT_OWNER");
        (await api.PostAsync("mutation($p: ID!) { startPackage(packageId: $p) { version } }", new { p = id })).AssertError(ErrorCodes.Forbidden);
        (await api.PostAsync("mutation($p: ID!) { retirePackageVersion(packageId: $p, version: \"1.0.0\") { userErrors { code } } }", new { p = id }))
            .AssertError(ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task a_reporting_account_reads_the_reports_of_its_departments_as_csv_and_graphql_and_no_others()
    {
        var scenario = new Scenario(Server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var other = await scenario.CreateDepartmentAsync();
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [ServiceScopes.ReportsRead], [department]);
        var api = Server.ClientWithToken(await TestServiceAccounts.TokenAsync(Server, clientId, secret));

        using var mine = await api.Http.GetAsync($"/reports/department-analytics.csv?departmentId={department}");
        using var theirs = await api.Http.GetAsync($"/reports/department-analytics.csv?departmentId={other}");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.StartsWith("department_id,", (await mine.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        (await api.PostAsync("query($d: [ID!]) { departmentAnalytics(departmentIds: $d) { departmentId } }", new { d = new[] { department } })).AssertNoErrors();
        (await api.PostAsync("query($d: [ID!]) { departmentAnalytics(departmentIds: $d) { departmentId } }", new { d = new[] { other } }))
            .AssertError(ErrorCodes.Forbidden);
        (await api.PostAsync(Learners, new { d = department })).AssertError(ErrorCodes.Forbidden);   // staff:import, not given
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class ServiceAccountTestsOnSqlite(SqliteServerFixture fixture) : ServiceAccountTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class ServiceAccountTestsOnPostgres(PostgresServerFixture fixture) : ServiceAccountTests(fixture);

/// <summary>Without the built-in provider there is nobody to issue client credentials: the mutations say so.</summary>
public sealed class ServiceAccountsWithoutTheBuiltInProviderTests
{
    [Fact]
    public async Task service_accounts_are_refused_with_bad_request_when_the_built_in_provider_is_off()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Auth:BuiltInProvider:Enabled=false");
        (await server.Client.PostAsync(TestServiceAccounts.Create, new { input = new { name = "x", scopes = new[] { ServiceScopes.StaffImport } } }))
            .AssertError(ErrorCodes.BadRequest);
        (await server.Client.PostAsync(List)).AssertError(ErrorCodes.BadRequest);
        Assert.NotEqual(HttpStatusCode.OK, (await TestServiceAccounts.RequestTokenAsync(server, "svc-0000000000000000", "x")).Status);
    }

    private const string List = "{ serviceAccounts { clientId } }";
}
