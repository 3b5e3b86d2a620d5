using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>An author in the browser: a broken upload shows where it is broken; the fixed one is previewed, then published.</summary>
public sealed class AuthorJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task an_author_uploads_a_broken_package_sees_the_error_line_then_previews_and_publishes_the_fixed_one()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var id = "test.web-author." + Guid.NewGuid().ToString("n")[..8];
        var manifest = SamplePackage.Text("manifest.json").Replace("\"test.sample.basics\"", $"\"{id}\"");
        var broken = new Dictionary<string, string?>
        {
            ["manifest.json"] = manifest,
            ["lessons/case.zh-CN.sbn"] = "<h1>{{ lesson.title }}</h1>\n<p>{{ for x in }}</p>",
        };

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "expert-liu", [Roles.Author]));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的课程包" })).ToBeVisibleAsync();
        await Expect(page.GetByText("你还没有发布课程包。")).ToBeVisibleAsync();

        await Upload(page, SamplePackage.Zip(broken));
        var errors = page.Locator("#package-errors");
        await Expect(errors).ToContainTextAsync("未发布");
        await Expect(errors).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"lessons/case\.zh-CN\.sbn:2:\d+"));
        await Expect(errors).ToContainTextAsync("TEMPLATE_SYNTAX");
        await Expect(page.Locator("#publish-package")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "author-broken-package-error", output);

        // The fixed upload is checked and previewed lesson by lesson, and nothing is published yet.
        await Upload(page, SamplePackage.Zip(new Dictionary<string, string?> { ["manifest.json"] = manifest }));
        await Expect(page.Locator("#check-result")).ToContainTextAsync($"校验通过：{id} 1.0.0");
        await Expect(errors).ToHaveCountAsync(0);
        await Expect(page.Locator("#lesson-preview")).ToContainTextAsync("示例学员（示例部门），欢迎学习《测试用样例课程包》");
        await page.Locator("#package-preview [data-lesson='case']").ClickAsync();
        await Expect(page.Locator("#lesson-preview")).ToContainTextAsync("落户申请");
        await Expect(page.Locator("#lesson-preview script")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "author-package-preview", output);
        Assert.Null((await server.Client.QueryAsync("query($id: ID!) { package(id: $id) { id } }", new { id }))["package"]);

        await page.Locator("#publish-package").ClickAsync();
        await Expect(page.Locator("#publish-result")).ToContainTextAsync($"已发布 {id} 1.0.0");
        await Expect(page.Locator("#package-preview")).ToHaveCountAsync(0);
        var published = page.Locator($"[data-package='{id}']");
        await Expect(published).ToContainTextAsync("测试用样例课程包");
        await Expect(published.Locator("tbody tr")).ToContainTextAsync("1.0.0");
        await Expect(published.Locator("tbody tr")).ToContainTextAsync("在用");
        await Browser.ScreenshotAsync(page, "author-published-package", output);

        var catalog = await server.ClientAs("reader", [Roles.Learner]).QueryAsync("query($id: ID!) { package(id: $id) { version owner } }", new { id });
        Assert.Equal("expert-liu", catalog["package"]!["owner"]!.GetValue<string>());
    }

    private static Task Upload(IPage page, byte[] zip) =>
        page.Locator("#package-zip").SetInputFilesAsync(new FilePayload { Name = "package.zip", MimeType = "application/zip", Buffer = zip });
}
