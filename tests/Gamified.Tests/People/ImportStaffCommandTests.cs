using System.Text;
using Gamified.Api.Security;
using Gamified.Server.Commands;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.SignIn;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.People;

/// <summary>The import-staff command, as a scheduled sync runs it, against a real server.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class ImportStaffCommandTests(SqliteServerFixture fixture)
{
    [Fact]
    public async Task the_import_staff_command_imports_a_utf8_file_with_a_bom_and_a_second_run_changes_nothing()
    {
        var department = await new Scenario(fixture.Server.Client).CreateDepartmentAsync();
        var id = StaffCsvs.Id("e");
        var path = Path.Combine(Path.GetTempPath(), $"staff-{Guid.NewGuid():n}.csv");
        await File.WriteAllBytesAsync(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes($"工号,姓名,部门\r\n{id},张伟,{department}\r\n")]);
        var token = fixture.Server.Services.GetRequiredService<LocalTokens>().Issue("hr-sync", [Roles.Admin], []);
        var endpoint = new Uri(fixture.Server.Address, "/graphql");

        var (dryOut, dryErr) = (new StringWriter(), new StringWriter());
        var dry = await ImportStaffCommand.Run(path, dryRun: true, deactivateMissing: false, endpoint, token, dryOut, dryErr);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var applied = await ImportStaffCommand.Run(path, dryRun: false, deactivateMissing: false, endpoint, token, output, errors);
        var (againOut, againErr) = (new StringWriter(), new StringWriter());
        var again = await ImportStaffCommand.Run(path, dryRun: false, deactivateMissing: false, endpoint, token, againOut, againErr);

        Assert.Equal((0, 0, 0), (dry, applied, again));
        Assert.Contains("would have created 1", dryOut.ToString());
        Assert.Contains("created 1,", output.ToString());
        Assert.Contains("created 0,", againOut.ToString());
        Assert.Contains("1 unchanged", againOut.ToString());
        Assert.Equal("张伟", (await new Scenario(fixture.Server.Client).LearnerAsync(id))["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_import_staff_command_fetches_its_own_token_with_a_service_accounts_client_credentials()
    {
        var department = await new Scenario(fixture.Server.Client).CreateDepartmentAsync();
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(fixture.Server, [ServiceScopes.StaffImport], [department]);
        var id = StaffCsvs.Id("e");
        var path = Path.Combine(Path.GetTempPath(), $"staff-{Guid.NewGuid():n}.csv");
        await File.WriteAllTextAsync(path, $"工号,姓名,部门\r\n{id},赵敏,{department}\r\n");
        var url = new Uri(fixture.Server.Address, "/graphql").AbsoluteUri;

        // As cron runs it: the command line, with the client id and secret instead of a token.
        var wrong = await CommandLine.InvokeAsync(["import-staff", path, "--url", url, "--client-id", clientId, "--client-secret", secret + "x"],
            _ => Task.FromResult(2), TextWriter.Null, TextWriter.Null);
        var imported = await CommandLine.InvokeAsync(["import-staff", path, "--url", url, "--client-id", clientId, "--client-secret", secret],
            _ => Task.FromResult(2), TextWriter.Null, TextWriter.Null);
        var (token, problem) = await ImportStaffCommand.ServiceToken(new Uri(url), clientId, "not-the-secret");

        Assert.Equal((1, 0), (wrong, imported));
        Assert.Equal("赵敏", (await new Scenario(fixture.Server.Client).LearnerAsync(id))["displayName"]!.GetValue<string>());
        Assert.Null(token);
        Assert.Contains("invalid_client", problem);
        var audit = (await fixture.Server.Client.QueryAsync("query($a: String) { auditLog(actor: $a, action: \"importStaff\", first: 5) { edges { node { outcome } } } }",
            new { a = clientId }))["auditLog"]!["edges"]!.AsArray();
        Assert.Equal("OK", Assert.Single(audit)!["node"]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_import_staff_command_refuses_a_file_that_is_not_utf8_and_reports_refused_lines()
    {
        var gbk = Path.Combine(Path.GetTempPath(), $"staff-{Guid.NewGuid():n}.csv");
        await File.WriteAllBytesAsync(gbk, [.. Encoding.ASCII.GetBytes("id,name,department\r\ne1,"), 0xD5, 0xC5, 0xCE, 0xB0, .. Encoding.ASCII.GetBytes(",d\r\n")]);
        var bad = Path.Combine(Path.GetTempPath(), $"staff-{Guid.NewGuid():n}.csv");
        await File.WriteAllTextAsync(bad, "工号,姓名,部门\r\ne1,张伟,no-such-department\r\n");
        var token = fixture.Server.Services.GetRequiredService<LocalTokens>().Issue("hr-sync", [Roles.Admin], []);
        var endpoint = new Uri(fixture.Server.Address, "/graphql");

        var gbkErrors = new StringWriter();
        var badErrors = new StringWriter();
        Assert.Equal(1, await ImportStaffCommand.Run(gbk, true, false, endpoint, token, new StringWriter(), gbkErrors));
        Assert.Equal(1, await ImportStaffCommand.Run(bad, true, false, endpoint, token, new StringWriter(), badErrors));

        Assert.Contains("not UTF-8", gbkErrors.ToString());
        Assert.Contains("line 2: STAFF_UNKNOWN_DEPARTMENT", badErrors.ToString());
    }
}
