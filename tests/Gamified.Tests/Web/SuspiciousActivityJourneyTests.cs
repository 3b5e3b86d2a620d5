using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A manager in the browser: the suspicious-activity page lists the learner far above their peers, and the row
/// leads to that learner's ledger.</summary>
public sealed class SuspiciousActivityJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_manager_sees_the_learner_far_above_their_peers_and_opens_their_ledger()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        for (var i = 0; i < 5; i++)
        {
            var ordinary = await admin.RegisterLearnerAsync(department, displayName: $"同事{i}");
            for (var lesson = 0; lesson < 2; lesson++)
                (await admin.RecordActivityAsync(ordinary, $"lesson-{lesson}", objectId: $"lesson-{lesson}")).AssertNoErrors();
        }
        var heavy = await admin.RegisterLearnerAsync(department, displayName: "刷分者");
        for (var lesson = 0; lesson < 20; lesson++)
            (await admin.RecordActivityAsync(heavy, $"lesson-{lesson}", objectId: $"lesson-{lesson}")).AssertNoErrors();

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "li-na", [Roles.Manager], [department]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "异常活动" }).ClickAsync();

        var table = page.Locator("#suspicious-table");
        var row = table.Locator("tbody tr", new() { HasText = "每个活跃日的记录数" });
        await Expect(row).ToContainTextAsync("刷分者");
        await Expect(row).ToContainTextAsync("20.00");
        await Expect(row).ToContainTextAsync("2.00");
        await Expect(table).Not.ToContainTextAsync("同事");
        await Browser.ScreenshotAsync(page, "manager-suspicious-activity", output);

        await row.GetByRole(AriaRole.Link, new() { Name = "查看账本" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "刷分者 的积分账本" })).ToBeVisibleAsync();
        var entries = (await server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { ledger { totalCount } } }", new { id = heavy }))
            ["learner"]!["ledger"]!["totalCount"]!.GetValue<int>();
        Assert.InRange(entries, 20, 100);
        await Expect(page.Locator("#ledger-table tbody tr")).ToHaveCountAsync(entries);
        Assert.EndsWith($"#/manager/ledger/{heavy}", page.Url);
        await Browser.ScreenshotAsync(page, "manager-learner-ledger", output);
    }
}
