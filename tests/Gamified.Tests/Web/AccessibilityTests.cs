using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.People;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// axe-core (Deque's engine, in the real browser) finds no serious or critical accessibility violation on any page: every
/// page of the navigation as a user who holds every role, in Chinese and in English, and the sign-in provider's own pages.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser, SqliteServerFixture fixture, ITestOutputHelper output)
    : IClassFixture<BrowserFixture>, IClassFixture<SqliteServerFixture>
{
    private static readonly HashSet<string> Blocking = new(StringComparer.Ordinal) { "serious", "critical" };

    /// <summary>The violations that block, one line each: the rule, its impact and the first elements it names.</summary>
    private async Task<List<string>> ScanAsync(IPage page, string where)
    {
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact ?? "")).Select(v =>
            $"{where}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        foreach (var line in blocking) output.WriteLine(line);
        return blocking;
    }

    private Task<IPage> NewPageAsync() => browser.Browser.NewPageAsync(fixture.Server.Address, bypassCsp: true);

    [Fact]
    public async Task every_page_of_the_navigation_has_no_serious_accessibility_violation_in_either_language()
    {
        var server = fixture.Server;
        var scenario = new Scenario(server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var everyone = Scenario.NewId("all");
        await scenario.RegisterLearnerAsync(department, everyone);
        (await server.Client.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", $"{Scenario.NewId("e")},林芳,{department}"), dryRun: false)).Report();

        var page = await NewPageAsync();
        await WebSession.SignInAsync(page, WebSession.Token(server, everyone, [Roles.Learner, Roles.Author, Roles.Manager, Roles.Admin], [department]));
        var links = page.GetByRole(AriaRole.Navigation, new() { Name = "main" }).GetByRole(AriaRole.Link);
        var routes = (await links.EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))")).Where(h => h.StartsWith('#')).ToList();
        Assert.True(routes.Count >= 15, $"the navigation lists {routes.Count} pages");

        var problems = new List<string>();
        foreach (var language in new[] { "zh-CN", "en" })
        {
            if (language == "en") await page.Locator("#lang-switch").ClickAsync();
            foreach (var route in routes)
            {
                await page.GotoAsync("/" + route);
                await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
                // Let the page's first queries land, so the scan sees its tables and forms, not a loading line.
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                problems.AddRange(await ScanAsync(page, $"{language} {route}"));
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task the_signed_out_page_and_the_providers_pages_have_no_serious_accessibility_violation()
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        await page.GotoAsync("/");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(page, "signed out"));

        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/connect/authorize?", StringComparison.Ordinal));
        problems.AddRange(await ScanAsync(page, "login"));
        await page.GetByLabel("用户名").FillAsync("nobody-here");
        await page.GetByLabel("密码").FillAsync("not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator("#error")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(page, "login with an error"));

        var department = await new Scenario(fixture.Server.Client).CreateDepartmentAsync();
        var id = Scenario.NewId("e");
        (await fixture.Server.Client.ImportAsync(StaffCsvs.Csv("工号,姓名,部门", $"{id},马丽,{department}"), dryRun: false)).Report();
        var link = (await fixture.Server.Client.PostAsync("mutation($ids: [ID!]!) { issueSignInLinks(learnerIds: $ids) { links { path } } }", new { ids = new[] { id } }))
            .AssertNoErrors().Data!["issueSignInLinks"]!["links"]![0]!["path"]!.GetValue<string>();
        await page.GotoAsync(link);
        await Expect(page.GetByLabel("新密码")).ToBeVisibleAsync();
        problems.AddRange(await ScanAsync(page, "choose a password"));
        await page.GotoAsync("/connect/activate?token=" + new string('A', 43));
        problems.AddRange(await ScanAsync(page, "a dead link"));
        await page.GotoAsync("/connect/setup");
        problems.AddRange(await ScanAsync(page, "set-up done"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
