using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A manager in the browser: draft a scheme in the form, dry-run it with its chart, activate it.</summary>
public sealed class ManagerJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_manager_drafts_a_scheme_sees_the_dry_run_chart_and_activates_it()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        for (var i = 0; i < 3; i++)
        {
            var learner = await admin.RegisterLearnerAsync(department);
            for (var lesson = 0; lesson <= i; lesson++)
                (await admin.RecordActivityAsync(learner, $"lesson-{lesson}", objectId: $"lesson-{lesson}")).AssertNoErrors();
        }
        var schemeId = Scenario.NewId("scheme");

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "li-na", [Roles.Manager], [department]));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "激励方案" })).ToBeVisibleAsync();
        await page.Locator("#new-scheme").ClickAsync();

        await page.Locator("#scheme-id").FillAsync(schemeId);
        await page.Locator("#scheme-name-zh").FillAsync("数据局学习冲刺");
        await page.Locator("#scheme-name-en").FillAsync("Data bureau learning sprint");
        await Expect(page.Locator("#scheme-departments")).ToHaveValueAsync(department);
        var rule = page.Locator("#scheme-rules [data-row='0']");
        await rule.GetByLabel("行为").SelectOptionAsync("COMPLETED");
        await rule.GetByLabel("对象").SelectOptionAsync("LESSON");
        await rule.GetByLabel("积分", new() { Exact = true }).FillAsync("100");
        await page.Locator("#cap-dailyXp").FillAsync("1000");
        await page.Locator("#save-scheme").ClickAsync();
        await Expect(page.Locator("#scheme-status")).ToHaveTextAsync("草稿");
        Assert.EndsWith("/manager/scheme/" + schemeId, page.Url);

        await page.Locator("#run-dry-run").ClickAsync();
        var result = page.Locator("#dry-run-result");
        await Expect(result).ToContainTextAsync("记录数: 6");
        await Expect(result.Locator("canvas").First).ToBeVisibleAsync();
        // The department chart: what the schemes in force awarded against what this draft would (6 lessons × 100 on top).
        var departmentChart = result.Locator("figure [role=img]").Nth(1);
        await Expect(departmentChart).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($@"{department} 60 → 660"));
        await Browser.ScreenshotAsync(page, "manager-dry-run-chart", output);

        await page.Locator("#activate-scheme").ClickAsync();
        await Expect(page.Locator("#scheme-status")).ToHaveTextAsync("生效中");
        await Expect(page.Locator("#scheme-notice")).ToContainTextAsync("已启用第 1 版");
        await Browser.ScreenshotAsync(page, "manager-scheme-activated", output);

        var scheme = await server.Client.QueryAsync("query($id: ID!) { rewardScheme(id: $id) { active { version definition { rules { points } } } } }", new { id = schemeId });
        Assert.Equal(100, scheme["rewardScheme"]!["active"]!["definition"]!["rules"]![0]!["points"]!.GetValue<int>());
    }
}
