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
}
