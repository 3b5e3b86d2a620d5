using System.Text.RegularExpressions;
using Gamified.Tests.Contract;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// The whole first day, as a city's training office lives it: the README's Run command on an empty data directory, the
/// set-up link from its log, the first admin, a bureau in the org tree, staff from an HR file, a one-time link for one of
/// them, and that person signing in with the password they chose. Everything through the pages, in a real browser.
/// </summary>
public sealed partial class NewcomerJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string AdminPassword = "lantern-harbor-2026";
    private const string StaffPassword = "chen-xiao-pass-9";

    [Fact]
    public async Task a_newcomer_runs_the_server_sets_up_the_admin_imports_staff_and_a_learner_signs_in_with_a_password()
    {
        var readme = await File.ReadAllTextAsync(Repository.PathOf("README.md"));
        var run = RunCommand().Match(readme);
        Assert.True(run.Success, "README.md has no Run command in a code block under '## Run'.");
        var words = run.Groups["command"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["dotnet", "run"], words[..2]);

        // As written, against the build the tests already made (--no-build: a second build would race this one), with a
        // data directory of its own and ports on loopback that no other test holds.
        var dataDirectory = System.IO.Directory.CreateTempSubdirectory("gamified-newcomer-").FullName;
        var port = FreePort.Next();
        await using var server = RunningProcess.Start("dotnet",
            [.. words[1..], "--no-build", "-c", ChildProcess.BuildConfiguration(), "--",
             $"--Urls=http://127.0.0.1:{port}", $"--Storage:DataDirectory={dataDirectory}", $"--Orleans:SiloPort={FreePort.Next()}"],
            Repository.Root, new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
        var setupLink = (await server.WaitForLineAsync(SetupLink(), TimeSpan.FromMinutes(3))).Groups["link"].Value;
        var address = new Uri($"http://127.0.0.1:{port}/");
        Assert.StartsWith(address.AbsoluteUri.TrimEnd('/'), setupLink);

        var admin = await browser.Browser.NewPageAsync(address);
        await admin.GotoAsync(setupLink);
        await admin.Locator("#password").FillAsync(AdminPassword);
        await admin.Locator("#confirm").FillAsync(AdminPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(admin.Locator("[data-code=SETUP_DONE]")).ToBeVisibleAsync();

        await SignInAsync(admin, "admin", AdminPassword);

        await admin.GetByRole(AriaRole.Link, new() { Name = "组织架构" }).ClickAsync();
        var create = admin.GetByRole(AriaRole.Form, new() { Name = "新建部门" });
        await create.GetByLabel("部门编号", new() { Exact = false }).FillAsync("data-bureau");
        await create.GetByLabel("中文名称").FillAsync("数据资源局");
        await create.GetByLabel("英文名称").FillAsync("Data Resources Bureau");
        await create.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        await Expect(admin.GetByTestId("org-data-bureau")).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "导入人员" }).ClickAsync();
        await admin.GetByLabel("或粘贴 CSV 内容").FillAsync("工号,姓名,部门\ne2001,陈晓,data-bureau\ne2002,王芳,data-bureau\n");
        await admin.GetByRole(AriaRole.Button, new() { Name = "预演" }).ClickAsync();
        await Expect(admin.GetByTestId("staff-created")).ToHaveTextAsync("2");
        await admin.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "已导入" })).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "人员", Exact = true }).ClickAsync();
        var row = admin.GetByTestId("person-e2001");
        await Expect(row).ToContainTextAsync("陈晓");
        await row.GetByRole(AriaRole.Button, new() { Name = "生成登录链接" }).ClickAsync();
        var link = await admin.GetByTestId("link-e2001").InputValueAsync();
        Assert.StartsWith(new Uri(address, "/connect/activate?token=").AbsoluteUri, link);
        await Browser.ScreenshotAsync(admin, "newcomer-people-link", output);

        // The link reaches the person (privately); in their own browser they choose a password and sign in.
        var learner = await browser.Browser.NewPageAsync(address);
        await learner.GotoAsync(link);
        await Expect(learner.Locator("#username")).ToHaveTextAsync("e2001");
        await learner.Locator("#password").FillAsync(StaffPassword);
        await learner.Locator("#confirm").FillAsync(StaffPassword);
        await learner.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(learner.Locator("[data-code=PASSWORD_SET]")).ToBeVisibleAsync();

        await SignInAsync(learner, "e2001", StaffPassword);
        await Expect(learner.GetByRole(AriaRole.Link, new() { Name = "我的主页" })).ToBeVisibleAsync();
        await Expect(learner.GetByRole(AriaRole.Link, new() { Name = "人员", Exact = true })).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(learner, "newcomer-learner-signed-in", output);
    }

    private static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/");
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/connect/authorize?", StringComparison.Ordinal));
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator(".who")).ToHaveTextAsync(userName);
    }

    [GeneratedRegex(@"## Run\s+```\s*\n(?<command>dotnet run [^\n]+)\n```")]
    private static partial Regex RunCommand();

    [GeneratedRegex(@"Set one up, once, at (?<link>http://\S+/connect/setup\?token=[A-Za-z0-9_-]+)")]
    private static partial Regex SetupLink();
}
