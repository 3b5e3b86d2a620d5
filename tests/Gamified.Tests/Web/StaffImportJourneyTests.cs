using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>An admin in the browser imports staff: a refused line first, then a clean dry run, then the import.</summary>
public sealed class StaffImportJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task an_admin_sees_refused_lines_then_dry_runs_and_imports_a_staff_file()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var department = await new Scenario(server.Client).CreateDepartmentAsync();
        var (zhang, li) = (Scenario.NewId("e"), Scenario.NewId("e"));

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "hr-admin", [Roles.Admin]));
        await page.GetByRole(AriaRole.Link, new() { Name = "导入人员" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "从人事系统导入人员" })).ToBeVisibleAsync();
        var text = page.GetByLabel("或粘贴 CSV 内容");
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true });

        await text.FillAsync($"工号,姓名,部门\n{zhang},张伟,{department}\n{li},李娜,no-such-department\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "预演" }).ClickAsync();
        var refused = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "STAFF_UNKNOWN_DEPARTMENT" });
        await Expect(refused).ToContainTextAsync("3");
        await Expect(apply).ToBeDisabledAsync();

        await text.FillAsync($"工号,姓名,部门\n{zhang},张伟,{department}\n{li},李娜,{department}\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "预演" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "预演结果（尚未写入）" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("staff-created")).ToHaveTextAsync("2");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "李娜" })).ToContainTextAsync("新建");
        Assert.Null((await server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { id } }", new { id = zhang }))["learner"]);
        await Browser.ScreenshotAsync(page, "staff-import-dry-run", output);

        await apply.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已导入" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("staff-created")).ToHaveTextAsync("2");
        await Expect(apply).ToBeDisabledAsync();   // applied: a new dry run comes first
        var learner = await server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { displayName departmentId } }", new { id = li });
        Assert.Equal(("李娜", department), (learner["learner"]!["displayName"]!.GetValue<string>(), learner["learner"]!["departmentId"]!.GetValue<string>()));

        await page.GetByRole(AriaRole.Button, new() { Name = "预演" }).ClickAsync();
        await Expect(page.GetByTestId("staff-unchanged")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("staff-created")).ToHaveTextAsync("0");
    }
}
