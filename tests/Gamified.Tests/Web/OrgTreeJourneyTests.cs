using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>An admin in the browser reorganises the tree: a refusal shown with its code, a rename, a merge, a loop refused,
/// a reactivation.</summary>
public sealed class OrgTreeJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task an_admin_renames_merges_and_reactivates_departments_and_sees_each_refusal()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var scenario = new Scenario(server.Client);
        var bureau = await scenario.CreateDepartmentAsync();
        var (from, into) = (await scenario.CreateDepartmentAsync(parentId: bureau), await scenario.CreateDepartmentAsync(parentId: bureau));
        var learner = await scenario.RegisterLearnerAsync(from);

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "org-admin", [Roles.Admin]));
        await page.GetByRole(AriaRole.Link, new() { Name = "组织架构" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "组织架构", Exact = true })).ToBeVisibleAsync();
        var chosen = page.GetByLabel("部门", new() { Exact = true });
        var alert = page.GetByRole(AriaRole.Alert);
        var status = page.GetByRole(AriaRole.Status);

        await chosen.SelectOptionAsync(bureau);
        await page.GetByRole(AriaRole.Button, new() { Name = "停用部门" }).ClickAsync();
        await Expect(alert).ToContainTextAsync("DEPARTMENT_NOT_EMPTY");
        await Expect(page.GetByText("部门里还有在职学员或在用的下属部门")).ToBeVisibleAsync();

        await chosen.SelectOptionAsync(into);
        await page.GetByRole(AriaRole.Form, new() { Name = "改名" }).GetByLabel("中文名称").FillAsync("政务数据处");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("名称已保存。");
        await Expect(page.GetByTestId($"org-{into}")).ToContainTextAsync("政务数据处");

        await chosen.SelectOptionAsync(from);
        await page.GetByLabel("合并到").SelectOptionAsync(into);
        await page.GetByRole(AriaRole.Button, new() { Name = "合并", Exact = true }).ClickAsync();
        await Expect(status).ToHaveTextAsync("已合并：调入 1 名学员、0 个下属部门。");
        await Expect(page.GetByTestId($"org-{from}")).ToContainTextAsync($"已并入 {into}");
        Assert.Equal(into, (await scenario.LearnerAsync(learner))["departmentId"]!.GetValue<string>());
        await Browser.ScreenshotAsync(page, "org-tree-merged", output);

        await chosen.SelectOptionAsync(bureau);
        await page.GetByLabel("新的上级部门").SelectOptionAsync(into);
        await page.GetByRole(AriaRole.Button, new() { Name = "移动", Exact = true }).ClickAsync();
        await Expect(alert).ToContainTextAsync("BAD_USER_INPUT");
        await Expect(page.GetByTestId($"org-{bureau}")).ToContainTextAsync("政务数据处");   // still the bureau above it

        await chosen.SelectOptionAsync(from);
        await page.GetByRole(AriaRole.Button, new() { Name = "恢复部门" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("部门已恢复。");
        await Expect(page.GetByTestId($"org-{from}")).Not.ToContainTextAsync("已并入");
    }
}
