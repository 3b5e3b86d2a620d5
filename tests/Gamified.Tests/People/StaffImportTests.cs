using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Learners;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.People;

/// <summary>The staff import over HTTP: dry run, apply, idempotency, resumption, and a hostile file. Run on both storages.</summary>
public abstract class StaffImportTests(ServerFixture fixture)
{
    private const string Header = "工号,姓名,部门,角色,邮箱,手机";
    private const string LearnerQuery = "query($id: ID!) { learner(id: $id) { id displayName departmentId active email phone roles } }";

    private GraphQLClient Admin => fixture.Server.Client;

    private Scenario Scenario => new(Admin);

    /// <summary>A fresh server of this storage, for tests that act on the whole organisation (deactivating who is missing).</summary>
    protected abstract Task<GamifiedServer> StartOwnServerAsync();

    [Fact]
    public async Task a_dry_run_lists_what_would_be_created_and_writes_nothing_until_applied()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var (a, b) = (StaffCsvs.Id("e"), StaffCsvs.Id("e"));
        var csv = StaffCsvs.Csv(Header, $"{a},张伟,{department},learner,zhang.wei@example.gov.cn,13800000001", $"{b},李娜,{department},,,");

        var report = (await Admin.ImportAsync(csv, dryRun: true)).Report();

        Assert.True(report["dryRun"]!.GetValue<bool>());
        Assert.Equal((2, 0, 0, 0, 0, 0), report.Counts());
        Assert.Equal([(2, a, "张伟", "CREATE"), (3, b, "李娜", "CREATE")], report["changes"]!.AsArray()
            .Select(c => (c!["line"]!.GetValue<int>(), c["learnerId"]!.GetValue<string>(), c["displayName"]!.GetValue<string>(), c["action"]!.GetValue<string>())));
        Assert.Null((await Admin.QueryAsync(LearnerQuery, new { id = a }))["learner"]);
        // Looked up before the import, found right after it.
        (await Admin.ImportAsync(csv, dryRun: false)).Report();
        Assert.Equal("张伟", (await Admin.QueryAsync(LearnerQuery, new { id = a }))["learner"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task applying_creates_the_learners_with_their_contacts_and_the_same_file_again_changes_nothing()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var (a, b) = (StaffCsvs.Id("e"), StaffCsvs.Id("e"));
        // Byte order mark, columns in another order, and an HR column the import does not know.
        var csv = StaffCsvs.WithBom(StaffCsvs.Csv("姓名,工号,职级,部门,角色,邮箱,手机",
            $"张伟,{a.ToUpperInvariant()},科员,{department},learner;manager,zhang.wei@example.gov.cn,+86 138 0000 0001",
            $"\"欧阳, 娜\",{b},,{department},,,"));

        var first = (await Admin.ImportAsync(csv, dryRun: false)).Report();
        var again = (await Admin.ImportAsync(csv, dryRun: false)).Report();

        Assert.Equal((2, 0, 0, 0, 0, 0), first.Counts());
        Assert.Equal((0, 0, 0, 0, 0, 2), again.Counts());
        Assert.Empty(again["changes"]!.AsArray());
        var zhang = (await Admin.QueryAsync(LearnerQuery, new { id = a }))["learner"]!;
        Assert.Equal(("张伟", department, true), (zhang["displayName"]!.GetValue<string>(), zhang["departmentId"]!.GetValue<string>(), zhang["active"]!.GetValue<bool>()));
        Assert.Equal(("zhang.wei@example.gov.cn", "+86 138 0000 0001"), (zhang["email"]!.GetValue<string>(), zhang["phone"]!.GetValue<string>()));
        Assert.Equal(["learner", "manager"], zhang["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("欧阳, 娜", (await Admin.QueryAsync(LearnerQuery, new { id = b }))["learner"]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_second_file_reports_and_applies_changes_and_moves_and_leaves_missing_learners_active_by_default()
    {
        var (from, to) = (await Scenario.CreateDepartmentAsync(), await Scenario.CreateDepartmentAsync());
        var (a, b, c) = (StaffCsvs.Id("e"), StaffCsvs.Id("e"), StaffCsvs.Id("e"));
        (await Admin.ImportAsync(StaffCsvs.Csv(Header, $"{a},张伟,{from},,,", $"{b},李娜,{from},,,", $"{c},赵敏,{from},,,"), dryRun: false)).Report();

        var next = StaffCsvs.Csv(Header, $"{a},张伟,{to},,,", $"{b},李娜,{from},,li.na@example.gov.cn,");
        var dry = (await Admin.ImportAsync(next, dryRun: true)).Report();
        var applied = (await Admin.ImportAsync(next, dryRun: false)).Report();

        Assert.Equal((0, 1, 1, 0, 0, 0), dry.Counts());
        Assert.Contains(dry["changes"]!.AsArray(), ch => ch!["action"]!.GetValue<string>() == "MOVE"
            && ch["fromDepartmentId"]!.GetValue<string>() == from && ch["toDepartmentId"]!.GetValue<string>() == to);
        Assert.Equal(dry.Counts(), applied.Counts());
        Assert.Equal(to, (await Admin.QueryAsync(LearnerQuery, new { id = a }))["learner"]!["departmentId"]!.GetValue<string>());
        Assert.True((await Admin.QueryAsync(LearnerQuery, new { id = c }))["learner"]!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task with_deactivate_missing_learners_not_in_the_file_are_deactivated_and_come_back_when_listed_again()
    {
        await using var server = await StartOwnServerAsync();
        var scenario = new Scenario(server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var registered = await scenario.RegisterLearnerAsync(department);   // registered by hand, not from HR
        var (a, b) = (StaffCsvs.Id("e"), StaffCsvs.Id("e"));
        (await server.Client.ImportAsync(StaffCsvs.Csv(Header, $"{a},张伟,{department},,,", $"{b},李娜,{department},,,"), dryRun: false)).Report();

        var onlyA = StaffCsvs.Csv(Header, $"{a},张伟,{department},,,");
        var dry = (await server.Client.ImportAsync(onlyA, dryRun: true, deactivateMissing: true)).Report();
        var applied = (await server.Client.ImportAsync(onlyA, dryRun: false, deactivateMissing: true)).Report();
        var deactivated = (await server.Client.QueryAsync(LearnerQuery, new { id = b }))["learner"]!["active"]!.GetValue<bool>();
        var back = (await server.Client.ImportAsync(StaffCsvs.Csv(Header, $"{a},张伟,{department},,,", $"{b},李娜,{department},,,"), dryRun: false)).Report();

        Assert.Equal((0, 0, 0, 0, 2, 1), dry.Counts());
        Assert.Equal(new[] { b, registered }.Order(), dry["changes"]!.AsArray().Select(ch => ch!["learnerId"]!.GetValue<string>()).Order());
        Assert.All(dry["changes"]!.AsArray(), ch => Assert.Null(ch!["line"]));
        Assert.Equal((0, 0, 0, 0, 2, 1), applied.Counts());
        Assert.False(deactivated);
        Assert.Equal((0, 0, 0, 1, 0, 1), back.Counts());
        Assert.True((await server.Client.QueryAsync(LearnerQuery, new { id = b }))["learner"]!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task every_bad_line_is_refused_with_its_line_number_and_a_stable_code_and_nothing_is_imported()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var (good, twice) = (StaffCsvs.Id("e"), StaffCsvs.Id("e"));
        var csv = StaffCsvs.Csv(Header,
            $"{good},张伟,{department},,,",
            $"{twice},李娜,{department},,,",
            $"{twice},李娜二,{department},,,",
            $"{StaffCsvs.Id("e")},王芳,no-such-department,,,",
            $"{StaffCsvs.Id("e")},赵敏,{department},emperor,,",
            $"{StaffCsvs.Id("e")},钱七,{department},admin,,",
            $"bad id!,孙八,{department},,,",
            $"{StaffCsvs.Id("e")},\"=HYPERLINK(\"\"http://evil\"\")\",{department},,,",
            $"{StaffCsvs.Id("e")},周九,{department},,not-an-email,",
            $"{StaffCsvs.Id("e")},吴十,{department},,,=1+2",
            $"{StaffCsvs.Id("e")},\u202E郑十一,{department},,,");

        var errors = (await Admin.ImportAsync(csv, dryRun: false)).LineErrors();

        var found = errors.Select(e => (e!["line"]!.GetValue<int>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Equal([
            (4, "STAFF_DUPLICATE_EMPLOYEE_NUMBER"), (5, "STAFF_UNKNOWN_DEPARTMENT"), (6, "STAFF_UNKNOWN_ROLE"), (7, "STAFF_UNKNOWN_ROLE"),
            (8, "STAFF_BAD_EMPLOYEE_NUMBER"), (9, "STAFF_BAD_NAME"), (10, "STAFF_BAD_EMAIL"), (11, "STAFF_BAD_PHONE"), (12, "STAFF_BAD_NAME"),
        ], found);
        // Echoed values never start a formula when the list is pasted into a spreadsheet.
        Assert.All(errors, e => Assert.False(e!["value"]?.GetValue<string>() is { Length: > 0 } v && v[0] is '=' or '+' or '-' or '@'));
        Assert.Equal("'=1+2", errors.Single(e => e!["line"]!.GetValue<int>() == 11)!["value"]!.GetValue<string>());
        Assert.StartsWith("'=HYPERLINK(", errors.Single(e => e!["line"]!.GetValue<int>() == 9)!["value"]!.GetValue<string>());
        Assert.Equal(["csv", "5", "department"], errors[1]!["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Null((await Admin.QueryAsync(LearnerQuery, new { id = good }))["learner"]);
    }

    [Fact]
    public async Task a_file_without_the_required_columns_with_a_stray_quote_or_over_the_row_limit_is_refused()
    {
        var department = await Scenario.CreateDepartmentAsync();

        var noColumns = (await Admin.ImportAsync(StaffCsvs.Csv("姓名,部门", $"张伟,{department}"), dryRun: true)).LineErrors();
        var strayQuote = (await Admin.ImportAsync(StaffCsvs.Csv(Header, $"{StaffCsvs.Id("e")},张伟,{department},,,", $"{StaffCsvs.Id("e")},李\"娜,{department},,,"), dryRun: true)).LineErrors();
        var rows = Enumerable.Range(0, 20_001).Select(i => $"r{i},张{i},{department}").ToArray();
        var tooMany = (await Admin.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", rows), dryRun: true)).LineErrors();
        var empty = (await Admin.ImportAsync("", dryRun: true)).LineErrors();

        Assert.Equal((1, "CSV_MISSING_COLUMN", "employee_number"), (noColumns[0]!["line"]!.GetValue<int>(), noColumns[0]!["code"]!.GetValue<string>(), noColumns[0]!["column"]!.GetValue<string>()));
        Assert.Equal((3, "CSV_MALFORMED"), (strayQuote[0]!["line"]!.GetValue<int>(), strayQuote[0]!["code"]!.GetValue<string>()));
        Assert.Equal("CSV_TOO_MANY_ROWS", tooMany.Single()!["code"]!.GetValue<string>());
        Assert.Equal("CSV_MISSING_COLUMN", empty.Single()!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_import_stopped_half_way_is_finished_by_running_it_again()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var ids = Enumerable.Range(0, 6).Select(_ => StaffCsvs.Id("e")).ToList();
        var all = StaffCsvs.Csv(Header, [.. ids.Select((id, i) => $"{id},员工{i},{department},,,")]);
        // A run that stopped after the first half: those learners exist, the rest do not.
        (await Admin.ImportAsync(StaffCsvs.Csv(Header, [.. ids.Take(3).Select((id, i) => $"{id},员工{i},{department},,,")]), dryRun: false)).Report();
        // And one learner (whose grain has run) with a profile written but a directory row that was not (the process died between the two).
        Assert.NotNull((await Admin.QueryAsync(LearnerQuery, new { id = ids[0] }))["learner"]);
        var directory = fixture.Server.Services.GetRequiredService<ILearnerDirectory>();
        await directory.Upsert(new LearnerListing(ids[0], "员工0", department, true, "stale", DateTimeOffset.UtcNow));

        var resumed = (await Admin.ImportAsync(all, dryRun: false)).Report();
        var again = (await Admin.ImportAsync(all, dryRun: false)).Report();

        Assert.Equal(3, resumed.Counts().Created);
        Assert.Empty(resumed["failures"]!.AsArray());
        Assert.Equal((0, 0, 0, 0, 0, 6), again.Counts());
        Assert.NotEqual("stale", (await directory.All()).Single(l => l.LearnerId == ids[0]).StaffHash);   // the row was written again
    }

    [Fact]
    public async Task only_admins_may_import_staff()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var manager = fixture.Server.ClientAs(StaffCsvs.Id("m"), [Roles.Manager], [department]);
        var csv = StaffCsvs.Csv(Header, $"{StaffCsvs.Id("e")},张伟,{department},,,");

        (await manager.ImportAsync(csv, dryRun: true)).AssertTopLevelError("FORBIDDEN");
        (await fixture.Server.ClientAs(StaffCsvs.Id("l"), [Roles.Learner]).ImportAsync(csv, dryRun: false)).AssertTopLevelError("FORBIDDEN");
    }

    [Fact]
    public async Task the_import_is_audited_without_the_file()
    {
        var department = await Scenario.CreateDepartmentAsync();
        var secret = $"{StaffCsvs.Id("e")}@example.gov.cn";
        (await Admin.ImportAsync(StaffCsvs.Csv(Header, $"{StaffCsvs.Id("e")},张伟,{department},,{secret},"), dryRun: true)).Report();

        var log = (await Admin.QueryAsync("{ auditLog(action: \"importStaff\", first: 1) { edges { node { action details } } } }"))["auditLog"]!["edges"]!.AsArray();
        var entry = log.Single()!["node"]!;
        Assert.Contains("sha256:", entry["details"]!.ToJsonString());
        Assert.DoesNotContain(secret, entry["details"]!.ToJsonString());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class StaffImportTestsOnSqlite(SqliteServerFixture fixture) : StaffImportTests(fixture)
{
    protected override Task<GamifiedServer> StartOwnServerAsync() => GamifiedServer.StartAsync(ServerStorage.NewSqlite());
}

[Collection(PostgresServerCollection.Name)]
public sealed class StaffImportTestsOnPostgres(PostgresServerFixture fixture) : StaffImportTests(fixture)
{
    protected override async Task<GamifiedServer> StartOwnServerAsync() => await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync());
}
