using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// A manager reads the effectiveness figures in the browser: charts per department and per week, packages by gain per
/// hour, a small department merged (said in words, not shown as zeros), stale content, and the server's CSV downloaded.
/// </summary>
public sealed class AnalyticsJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string PackageId = "test.web.open-data";

    private static string StaleManifest() => SamplePackage.Text("manifest.json")
        .Replace("\"id\": \"test.sample.basics\"", "\"id\": \"test.sample.stale\"")
        .Replace("\"reviewBy\": \"2030-01-01\"", "\"reviewBy\": \"2020-01-01\"");

    [Fact]
    public async Task a_manager_sees_the_analytics_charts_with_a_small_department_merged_and_downloads_the_csv()
    {
        var content = ContentScenario.NewContentDirectory(("stale", new Dictionary<string, string?> { ["manifest.json"] = StaleManifest() }));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Analytics:MinGroupSize=3");
        var admin = new Scenario(server.Client);
        var large = await CreateDepartmentAsync(server, "政务服务管理局", "Government Services Bureau");
        var small = await CreateDepartmentAsync(server, "档案馆", "Archives");
        // Three learners of the large department gain 0.5, 1 and 0.5 in 20 minutes each: 2 gain in one hour.
        foreach (var (pre, post) in new[] { (40.0, 70.0), (50.0, 100.0), (60.0, 80.0) })
            await TakeAsync(server, await admin.RegisterLearnerAsync(large), pre, post);
        await TakeAsync(server, await admin.RegisterLearnerAsync(small), null, null);      // only starts: active, not ranked

        var manager = server.ClientAs("manager-zhou", [Roles.Manager], [large, small]);
        await Poll.Until(() => manager.QueryAsync("{ packageGainRanking { rank } departmentAnalytics { averageGain } }"),
            d => d["packageGainRanking"]!.AsArray().Count == 1 && d["departmentAnalytics"]!.AsArray().Any(r => r!["averageGain"] is not null));

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "manager-zhou", [Roles.Manager], [large, small]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "效果分析" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "培训效果分析" })).ToBeVisibleAsync();

        // Department chart: the large department's figures; the one-learner department only inside the merged row.
        var chart = page.Locator("#department-chart [role=img]");
        await Expect(chart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("政务服务管理局: 参与率 100%, 平均学习增益 66.7%"));
        await Expect(chart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("其他部门（人数不足，已合并）: 参与率 100%, 平均学习增益 人数不足，已隐藏"));
        await Expect(chart.Locator("xpath=..").Locator("canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("#withheld-note")).ToContainTextAsync("人数不足，已合并/隐藏");
        var merged = page.Locator("#department-table tr[data-department=grouped]");
        await Expect(merged).ToContainTextAsync("其他部门（人数不足，已合并）");
        await Expect(merged.Locator("td").Nth(5)).ToHaveTextAsync("人数不足，已隐藏");      // its average gain: withheld, not 0
        await Expect(page.Locator($"#department-table tr[data-department='{large}']")).ToContainTextAsync("67%");
        await Expect(page.Locator("#department-table tr[data-department='" + small + "']")).ToHaveCountAsync(0);

        // The weekly trend, one line per row; the gain ranking; the stale package.
        await Expect(page.Locator("#trend-chart [role=img]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"政务服务管理局: .*\d{4}-W\d{2} 3"));
        await page.Locator("#trend-measure").SelectOptionAsync("averageGain");
        await Expect(page.Locator("#trend-chart [role=img]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"政务服务管理局: .*W\d{2} 66\.7"));
        await Expect(page.Locator("#ranking-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#ranking-table tbody tr")).ToContainTextAsync($"1{PackageId}1.0.0");
        await Expect(page.Locator("#ranking-table tbody tr td").Last).ToHaveTextAsync("2.000");
        await Expect(page.Locator("#stale-table tbody tr[data-package='test.sample.stale']")).ToContainTextAsync("2020-01-01");
        await Browser.ScreenshotAsync(page, "manager-analytics-charts", output);

        // The CSV is the server's report, fetched with the token in a header and saved from a Blob (no token in any URL).
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv-department-analytics").ClickAsync());
        Assert.StartsWith("blob:", download.Url);
        Assert.StartsWith("department-analytics-", download.SuggestedFilename);
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("department_id,grouped,members,active_learners,participation_rate,started,completed_on_time,on_time_completion_rate,average_gain,xp,xp_per_active_learner,withheld", lines[0]);
        var largeRow = lines.Single(l => l.StartsWith(large + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal(["false", "3", "3", "1", "3", "3", "1"], largeRow[1..8]);
        Assert.Equal(2.0 / 3, double.Parse(largeRow[8], System.Globalization.CultureInfo.InvariantCulture), 3);
        var mergedRow = lines.Single(l => l.StartsWith("其他部门", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("true", "", "true"), (mergedRow[1], mergedRow[8], mergedRow[^1]));
        Assert.DoesNotContain(lines, l => l.StartsWith(small, StringComparison.Ordinal));

        var ranking = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv-package-ranking").ClickAsync());
        var rankingCsv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await ranking.PathAsync())!));
        Assert.Contains($"1,{PackageId},1.0.0,3,1,", rankingCsv);

        // On a phone the charts shrink with the page: nothing scrolls sideways (wide tables scroll inside their box).
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForFunctionAsync("() => document.querySelector('#department-chart canvas').clientWidth < 390", null, new() { Timeout = 5_000 });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px screen");
        await Browser.ScreenshotAsync(page, "manager-analytics-390px", output);
    }

    private static async Task<string> CreateDepartmentAsync(GamifiedServer server, string zhCN, string en)
    {
        var id = Scenario.NewId("dept");
        (await server.Client.PostAsync("mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code message field } } }",
            new { input = new { id, names = new { zhCN, en } } })).AssertNoErrors();
        return id;
    }

    /// <summary>Started, a 20-minute lesson, the pre-test, the post-test, completed: statements of the package, now.</summary>
    private static async Task TakeAsync(GamifiedServer server, string learner, double? pre, double? post)
    {
        var statements = new (string Verb, string Kind, string Object, double? Score, int? Seconds)[]
        {
            ("STARTED", "PACKAGE", PackageId, null, null), ("COMPLETED", "LESSON", PackageId + "/l1", null, 1200),
            ("ANSWERED", "QUIZ", PackageId + "/pre-test", pre, null), ("PASSED", "QUIZ", PackageId + "/post-test", post, null),
            ("COMPLETED", "PACKAGE", PackageId, null, null),
        };
        if (pre is null) statements = statements[..2];
        for (var i = 0; i < statements.Length; i++)
        {
            var (verb, kind, objectId, score, seconds) = statements[i];
            (await server.Client.PostAsync("mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }", new
            {
                input = new
                {
                    learnerId = learner, idempotencyKey = $"{learner}-{i}", verb,
                    @object = new { id = objectId, kind },
                    result = new { score, durationSeconds = seconds },
                    context = new { packageId = PackageId, packageVersion = "1.0.0" },
                },
            })).AssertNoErrors();
        }
    }
}
