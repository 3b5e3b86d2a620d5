using System.Net;
using System.Text;
using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Analytics;

/// <summary>Questions most often missed, stale packages, and every report as a CSV download over HTTP.</summary>
public sealed class ReportAndStaleContentTests
{
    private const string PackageId = "test.sample.basics";
    private const string StaleId = "test.sample.stale";

    private static string StaleManifest() => SamplePackage.Text("manifest.json")
        .Replace($"\"id\": \"{PackageId}\"", $"\"id\": \"{StaleId}\"")
        .Replace("\"reviewBy\": \"2030-01-01\"", "\"reviewBy\": \"2020-01-01\"")
        .Replace("\"zhCN\": \"测试用样例课程包\"", "\"zhCN\": \"=HYPERLINK(\\\"http://example.invalid\\\"), 过期课程\"");

    [Fact]
    public async Task missed_questions_stale_packages_and_csv_reports_reach_the_roles_that_may_see_them()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null), ("stale", new Dictionary<string, string?> { ["manifest.json"] = StaleManifest() }));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Analytics:MinGroupSize=3");
        var scenario = new ContentScenario(server);
        var department = await new Scenario(server.Client).CreateDepartmentAsync();

        // Three learners take the pre-test: everyone misses p2, one also misses p1.
        for (var i = 0; i < 3; i++)
        {
            var (_, learner) = await scenario.NewLearnerAsync(department);
            await ContentScenario.StartAsync(learner, PackageId);
            (await ContentScenario.SubmitAsync(learner, PackageId, "PRE_TEST", new object[]
            {
                new { questionId = "p1", choices = new[] { i == 0 ? "a" : "b" } }, new { questionId = "p2", choices = new[] { "true" } },
                new { questionId = "p3", choices = new[] { "a", "b" } },
            })).AssertNoErrors();
        }

        var manager = server.ClientAs("manager-all", [Roles.Manager], [Roles.AllDepartments]);
        const string Query = "query($id: ID!) { packageAnalytics(packageId: $id) { version starts withheld mostMissed { test questionId answers missed missRate } } }";
        var report = (await Poll.Until(() => manager.QueryAsync(Query, new { id = PackageId }),
            r => r["packageAnalytics"]!.AsArray().Single()!["starts"]!.GetValue<int>() >= 3))["packageAnalytics"]!.AsArray().Single()!;
        var missed = report["mostMissed"]!.AsArray();
        Assert.Equal(["p2", "p1"], missed.Select(m => m!["questionId"]!.GetValue<string>()));
        Assert.Equal(("pre", 3, 3, 1.0), (missed[0]!["test"]!.GetValue<string>(), missed[0]!["answers"]!.GetValue<int>(),
            missed[0]!["missed"]!.GetValue<int>(), missed[0]!["missRate"]!.GetValue<double>()));
        Assert.Equal(1, missed[1]!["missed"]!.GetValue<int>());

        // Stale content: flagged on the package, listed for managers and for the package's own author, not for others.
        var stale = (await manager.QueryAsync("{ stalePackages { packageId version owner reviewBy daysOverdue } }"))["stalePackages"]!.AsArray();
        Assert.Equal([StaleId], stale.Select(s => s!["packageId"]!.GetValue<string>()));
        Assert.Equal("2020-01-01", stale[0]!["reviewBy"]!.GetValue<string>());
        Assert.True(stale[0]!["daysOverdue"]!.GetValue<int>() > 0);
        Assert.True((await manager.QueryAsync("query($id: ID!) { package(id: $id) { isStale } }", new { id = StaleId }))["package"]!["isStale"]!.GetValue<bool>());
        var owner = stale[0]!["owner"]!.GetValue<string>();
        Assert.Single((await server.ClientAs(owner, [Roles.Author]).QueryAsync("{ stalePackages { packageId } }"))["stalePackages"]!.AsArray());
        Assert.Empty((await server.ClientAs("another-author", [Roles.Author]).QueryAsync("{ stalePackages { packageId } }"))["stalePackages"]!.AsArray());

        // CSV: UTF-8 with a byte order mark, RFC 4180 quoting, and no cell a spreadsheet would run as a formula.
        var csv = await manager.Http.GetAsync("/reports/stale-packages.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", csv.Content.Headers.ContentDisposition!.ToString());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("package_id,version,owner,title_zh_cn,title_en,review_by,days_overdue", lines[0]);
        Assert.StartsWith($"{StaleId},1.0.0,{owner},\"'=HYPERLINK(\"\"http://example.invalid\"\"), 过期课程\",Sample package for tests,2020-01-01,", lines[1]);
        Assert.Equal("", lines[^1]);

        var packageCsv = Encoding.UTF8.GetString(await manager.Http.GetByteArrayAsync($"/reports/package-analytics.csv?packageId={PackageId}"));
        Assert.Contains($"{PackageId},1.0.0,3,0,0,", packageCsv);
        Assert.Contains("pre:p2(3/3) pre:p1(1/3)", packageCsv);
        foreach (var name in ReportEndpoints.Names)
        {
            var query = name == "package-analytics" ? $"?packageId={PackageId}" : "";
            var ok = await server.Client.Http.GetAsync($"/reports/{name}.csv{query}");
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{name}: {(int)ok.StatusCode} {await ok.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous.Http.GetAsync($"/reports/{name}.csv{query}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await server.ClientAs("learner-x", [Roles.Learner]).Http.GetAsync($"/reports/{name}.csv{query}")).StatusCode);
        }
        // A manager of one department may not download another's figures.
        var narrow = server.ClientAs("manager-one", [Roles.Manager], [department]);
        Assert.Equal(HttpStatusCode.Forbidden, (await narrow.Http.GetAsync("/reports/department-analytics.csv?departmentId=someone-else")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await narrow.Http.GetAsync($"/reports/department-weeks.csv?departmentId={department}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await narrow.Http.GetAsync("/reports/department-analytics.csv?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await narrow.Http.GetAsync("/reports/nothing.csv")).StatusCode);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+86 10 1234", "'+86 10 1234")]
    [InlineData("-5", "'-5")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("他说\"好\"", "\"他说\"\"好\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void csv_cells_are_quoted_per_rfc_4180_and_never_start_a_formula(string value, string expected) =>
        Assert.Equal(expected, Csv.Cell(value));

    [Fact]
    public void numbers_stay_numbers_in_csv() => Assert.Equal(("-0.25", "3"), (Csv.Cell(-0.25), Csv.Cell(3)));
}
