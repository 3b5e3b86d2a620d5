using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// A learner is awarded a badge while their page is open: the top bar's unread count goes up without a reload, the inbox
/// shows the notice and marks it read (the count goes), and the settings page turns e-mail off for badges.
/// </summary>
public sealed class NotificationsJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task the_unread_count_rises_live_and_the_inbox_marks_the_notice_read()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department, displayName: "张伟");

        var page = await browser.Browser.NewPageAsync(server.Address);
        // The top bar subscribes as the page opens; the award waits for that subscription to be sent.
        var subscribed = new TaskCompletionSource();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            if (frame.Text?.Contains("notificationReceived", StringComparison.Ordinal) == true) subscribed.TrySetResult();
        };
        await WebSession.SignInAsync(page, WebSession.Token(server, learner, [Roles.Learner], [department]));
        var inbox = page.Locator("#inbox-link");
        await Expect(inbox).ToBeVisibleAsync();
        await Expect(inbox.Locator(".badge-count")).ToHaveCountAsync(0);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (await server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code } } }",
            new { input = new { learnerId = learner, badgeId = "web-star", reason = "培训周表现突出" } })).AssertNoErrors();
        // Without a reload: the subscription's message moves the count.
        await Expect(inbox.Locator(".badge-count")).ToHaveTextAsync("1");
        await Browser.ScreenshotAsync(page, "notifications-unread-count", output);

        await inbox.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的通知", Level = 1 })).ToBeVisibleAsync();
        var notice = page.Locator("[data-kind='BADGE_EARNED']").First;
        await Expect(notice).ToContainTextAsync("你获得了徽章");
        await Expect(notice).ToContainTextAsync("培训周表现突出");
        await page.Locator("#mark-all-read").ClickAsync();
        await Expect(page.Locator(".inbox .unread")).ToHaveCountAsync(0);
        await Expect(inbox.Locator(".badge-count")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "通知设置" }).ClickAsync();
        var badges = page.Locator("tr[data-kind='BADGE_EARNED']");
        await Expect(badges).ToContainTextAsync("不发到群");
        // The box follows the stored choice: it changes once the server has it.
        await badges.Locator("input[name='email']").ClickAsync();
        await Expect(badges.Locator("input[name='email']")).Not.ToBeCheckedAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-kind='BADGE_EARNED'] input[name='email']")).Not.ToBeCheckedAsync();
        await Browser.ScreenshotAsync(page, "notification-settings", output);
    }
}
