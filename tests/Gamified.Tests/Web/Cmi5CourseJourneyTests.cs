using Gamified.Api.Security;
using Gamified.Tests.Cmi5;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Gamified.Tests.Web;

/// <summary>
/// The shipped cmi5 course end to end in Chromium: published (import), each AU launched, its own JavaScript fetching the
/// token, reading LMS.LaunchData and reporting, the server satisfying the course, and the XP on the learner's record.
/// The AU pages are opened at their launch URLs, as the frame of a launching page would open them.
/// </summary>
[Collection(SqliteServerCollection.Name)]
public sealed class Cmi5CourseJourneyTests(SqliteServerFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<string> LaunchUrlAsync(GraphQLClient learner, string packageId, string auId) =>
        (await learner.QueryAsync("""
            mutation($p: ID!, $au: ID!) { launchAssignableUnit(packageId: $p, auId: $au) { assignableUnitLaunch { url } } }
            """, new { p = packageId, au = auId }))["launchAssignableUnit"]!["assignableUnitLaunch"]!["url"]!.GetValue<string>();

    [Fact]
    public async Task a_learner_takes_the_shipped_cmi5_course_in_the_browser_and_its_satisfaction_earns_xp()
    {
        var server = fixture.Server;
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(server.ClientAs(Scenario.NewId("author"), [Roles.Author]), Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (learnerId, learner) = await new ContentScenario(server).NewLearnerAsync();
        var admin = new Scenario(server.Client);
        var page = await browser.Browser.NewPageAsync(server.Address);

        await page.GotoAsync(await LaunchUrlAsync(learner, packageId, Cmi5Sample.ReadingAu));
        var before = (await admin.LearnerAsync(learnerId))["xp"]!.GetValue<int>();
        await Assertions.Expect(page.Locator("#done")).ToBeEnabledAsync();
        await page.Locator("#done").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Completed");
        await Browser.ScreenshotAsync(page, "cmi5-reading");

        await page.GotoAsync(await LaunchUrlAsync(learner, packageId, Cmi5Sample.QuizAu));
        await Assertions.Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await page.Locator("input[name=q1][value=no]").CheckAsync();
        await page.Locator("input[name=q2][value=no]").CheckAsync();
        await page.Locator("input[name=q3][value=log]").CheckAsync();
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Passed");
        await Browser.ScreenshotAsync(page, "cmi5-quiz");

        var progress = await learner.QueryAsync("query($id: ID!) { packageProgress(packageId: $id) { completed } }", new { id = packageId });
        Assert.True(progress["packageProgress"]!["completed"]!.GetValue<bool>());
        Assert.Equal(before + 10, (await admin.LearnerAsync(learnerId))["xp"]!.GetValue<int>());
    }

    /// <summary>
    /// A runtime built on axios (as @xapi/cmi5 is) reads document.cookie before a call it takes for same-origin, which a
    /// sandboxed document may not: such AUs need the separate content origin, here a second name for the same server.
    /// </summary>
    private static async Task<(GamifiedServer Server, int Port)> ContentOriginServerAsync()
    {
        var port = FreePort.Next();
        return (await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Urls=http://127.0.0.1:{port}",
            $"--Cmi5:ContentOrigin=http://localhost:{port}"), port);
    }

    [Fact]
    public async Task a_learner_launches_an_au_from_the_course_page_into_a_sandboxed_frame_and_the_page_shows_it_satisfied_and_the_xp()
    {
        var (server, _) = await ContentOriginServerAsync();
        await using var _server = server;
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(server.ClientAs(Scenario.NewId("author"), [Roles.Author]),
            Cmi5Sample.Zip(packageId, folder: Cmi5Sample.BenefitsFolder)))["userErrors"]!.AsArray());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (learnerId, _) = await new ContentScenario(server).NewLearnerAsync(department);
        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, learnerId, [Roles.Learner], [department]));

        await page.GotoAsync("/#/learner/catalog");
        await page.GetByRole(AriaRole.Link, new() { Name = "开始学习: 免申即享：让政策主动找到人" }).ClickAsync();
        var unit = page.Locator($"[data-au='{Cmi5Sample.BenefitsAu}']");
        await Assertions.Expect(unit.Locator(".au-status")).ToHaveTextAsync("未开始");
        await unit.GetByRole(AriaRole.Button).ClickAsync();

        // The AU runs in a frame sandboxed without allow-same-origin, from the content origin, holding only its launch URL.
        var frameElement = page.Locator("iframe.au-frame");
        Assert.Equal("allow-scripts allow-forms allow-popups", await frameElement.GetAttributeAsync("sandbox"));
        Assert.DoesNotContain("token", (await frameElement.GetAttributeAsync("src"))!.Split('?')[0]);
        var frame = page.FrameLocator("iframe.au-frame");
        await Assertions.Expect(frame.Locator("#status")).ToContainTextAsync("Answer the questions");
        await Assertions.Expect(unit.Locator(".au-status")).ToHaveTextAsync("学习中");
        await frame.Locator("input[name=q1][value=data]").CheckAsync();
        await frame.Locator("input[name=q2][value=confirm]").CheckAsync();
        await frame.Locator("input[name=q3][value=no]").CheckAsync();
        await frame.Locator("#submit").ClickAsync();
        await Assertions.Expect(frame.Locator("#status")).ToContainTextAsync("Passed: 3 right");

        // The page learns of it from the server (the AU tells the page nothing), and the course's XP is on the learner's page.
        await Assertions.Expect(unit.Locator(".au-status")).ToHaveTextAsync("已达标", new() { Timeout = 15_000 });
        await Browser.ScreenshotAsync(page, "cmi5-course-page");
        await page.GotoAsync("/#/learner");
        await Assertions.Expect(page.Locator("#my-xp")).ToHaveTextAsync("10");
    }

    [Fact]
    public async Task an_au_on_the_standard_cmi5_runtime_reads_launch_data_and_the_learners_preferences_and_its_statements_satisfy_the_course()
    {
        var (server, port) = await ContentOriginServerAsync();
        await using var _ = server;
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        var author = server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        Assert.Empty((await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(packageId, folder: Cmi5Sample.BenefitsFolder)))["userErrors"]!.AsArray());
        var (learnerId, learner) = await new ContentScenario(server).NewLearnerAsync();
        var admin = new Scenario(server.Client);
        var before = (await admin.LearnerAsync(learnerId))["xp"]!.GetValue<int>();
        var url = await LaunchUrlAsync(learner, packageId, Cmi5Sample.BenefitsAu);
        Assert.StartsWith($"http://localhost:{port}/cmi5/content/", url);

        // The learner's own preferences (cmi5 section 11), written with their own token; the AU reads them with its launch token.
        var actor = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["actor"]!;
        using var preferences = new HttpRequestMessage(HttpMethod.Put,
            "/xapi/agents/profile?profileId=cmi5LearnerPreferences&agent=" + Uri.EscapeDataString(actor))
        {
            Content = new StringContent("""{"languagePreference": "en-US,zh-CN", "audioPreference": "off"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        preferences.Headers.Add("X-Experience-API-Version", "1.0.3");
        Assert.True((await learner.Http.SendAsync(preferences)).IsSuccessStatusCode);

        var page = await browser.Browser.NewPageAsync(server.Address);
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Answer the questions");
        await Assertions.Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#settings")).ToContainTextAsync("Pass mark: 60%");
        await Assertions.Expect(page.Locator("#settings")).ToContainTextAsync("Language: en-US,zh-CN");
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("en-first");
        await page.Locator("input[name=q1][value=data]").CheckAsync();
        await page.Locator("input[name=q2][value=confirm]").CheckAsync();
        await page.Locator("input[name=q3][value=yes]").CheckAsync();
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Passed: 2 right");
        await Browser.ScreenshotAsync(page, "cmi5-standard-runtime");

        var progress = await learner.QueryAsync("query($id: ID!) { packageProgress(packageId: $id) { completed } }", new { id = packageId });
        Assert.True(progress["packageProgress"]!["completed"]!.GetValue<bool>());
        Assert.Equal(before + 10, (await admin.LearnerAsync(learnerId))["xp"]!.GetValue<int>());
    }
}
