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
        await Expect(published.Locator("table.versions tbody tr")).ToContainTextAsync("1.0.0");
        await Expect(published.Locator("table.versions tbody tr")).ToContainTextAsync("在用");
        await Browser.ScreenshotAsync(page, "author-published-package", output);

        var catalog = await server.ClientAs("reader", [Roles.Learner]).QueryAsync("query($id: ID!) { package(id: $id) { version owner } }", new { id });
        Assert.Equal("expert-liu", catalog["package"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_author_sees_each_versions_figures_the_most_missed_question_and_the_stale_flag()
    {
        var stale = SamplePackage.Text("manifest.json").Replace("\"reviewBy\": \"2030-01-01\"", "\"reviewBy\": \"2020-01-01\"");
        var content = ContentScenario.NewContentDirectory(("sample", new Dictionary<string, string?> { ["manifest.json"] = stale }));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}", "--Analytics:MinGroupSize=3");
        var scenario = new ContentScenario(server);
        var department = await new Scenario(server.Client).CreateDepartmentAsync();
        // Three learners take the pre-test and everyone misses p2.
        for (var i = 0; i < 3; i++)
        {
            var (_, learner) = await scenario.NewLearnerAsync(department);
            await ContentScenario.StartAsync(learner, "test.sample.basics");
            (await ContentScenario.SubmitAsync(learner, "test.sample.basics", "PRE_TEST", new object[]
            {
                new { questionId = "p1", choices = new[] { "b" } }, new { questionId = "p2", choices = new[] { "true" } },
                new { questionId = "p3", choices = new[] { "a", "b" } },
            })).AssertNoErrors();
        }
        var owner = server.ClientAs("content-directory", [Roles.Author]);
        await Poll.Until(() => owner.QueryAsync("{ packageAnalytics(packageId: \"test.sample.basics\") { starts } }"),
            a => a["packageAnalytics"]!.AsArray().Sum(v => v!["starts"]!.GetValue<int>()) >= 3);

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "content-directory", [Roles.Author]));
        var card = page.Locator("[data-package='test.sample.basics']");
        await Expect(card.Locator(".stale-flag")).ToContainTextAsync("已超过复核日期 2020-01-01");
        var version = card.Locator(".package-analytics tr[data-version='1.0.0']");
        await Expect(version.Locator("td").First).ToHaveTextAsync("3");                    // starts
        await Expect(version.Locator("td").Nth(1)).ToHaveTextAsync("0");                  // completions
        await Expect(card.Locator(".package-analytics .missed")).ToContainTextAsync("p2");
        await Expect(card.Locator(".package-analytics .missed li").First).ToContainTextAsync("错误率 100%（3/3）");
        await Expect(card.Locator(".package-analytics figure [role=img]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("1.0.0: 课前成绩 \\d"));
        await Browser.ScreenshotAsync(page, "author-package-analytics-and-stale-flag", output);
    }

    private static Task Upload(IPage page, byte[] zip) =>
        page.Locator("#package-zip").SetInputFilesAsync(new FilePayload { Name = "package.zip", MimeType = "application/zip", Buffer = zip });
}
