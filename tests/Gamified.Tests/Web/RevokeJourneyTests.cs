using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A manager in the browser takes back a learner's XP award and badge from the learner's ledger page, each with a
/// reason; the revocations appear as new entries and the learner's XP drops. Revoking one's own award is refused.</summary>
public sealed class RevokeJourneyTests(BrowserFixture browser, SqliteServerFixture fixture, ITestOutputHelper output)
    : IClassFixture<BrowserFixture>, IClassFixture<SqliteServerFixture>
{
    private const string Held = "query($id: ID!) { learner(id: $id) { xp badges { badgeId } } }";

    [Fact]
    public async Task a_manager_revokes_an_xp_award_and_a_badge_from_the_ledger_page_and_the_learner_loses_them()
    {
        var server = fixture.Server;
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department, displayName: "赵六");
        (await admin.RecordActivityAsync(learner, "lesson", objectId: "lesson-1")).AssertNoErrors();
        (await admin.RecordActivityAsync(learner, "quiz", verb: "PASSED", objectId: "quiz-1", objectKind: "QUIZ")).AssertNoErrors();
        (await server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { ledgerSeq } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "helper", reason = "帮助同事" } })).AssertNoErrors();
        var award = (await admin.FullLedgerAsync(learner)).Where(e => e["kind"]!.GetValue<string>() == "XP").MaxBy(e => e["amount"]!.GetValue<int>())!;
        var (seq, amount) = (award["seq"]!.GetValue<int>(), award["amount"]!.GetValue<int>());
        var xpBefore = (await server.Client.QueryAsync(Held, new { id = learner }))["learner"]!["xp"]!.GetValue<int>();
        Assert.True(amount > 0);

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "li-na", [Roles.Manager], [department]));
        await page.GotoAsync($"/#/manager/ledger/{learner}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "赵六 的积分账本" })).ToBeVisibleAsync();

        // The XP award, by keyboard: the button opens the reason field with the focus in it; no reason, no revoking.
        var table = page.Locator("#ledger-table");
        await table.GetByRole(AriaRole.Button, new() { Name = $"撤销第 {seq} 条记录" }).PressAsync("Enter");
        await Expect(page.GetByLabel("撤销理由（学员可见，1–500 字）")).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "确认撤销" })).ToBeDisabledAsync();
        await page.Keyboard.TypeAsync("测验由他人代答");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#revocation-done")).ToContainTextAsync($"{-amount} 积分，理由：测验由他人代答");
        await Expect(page.Locator("#revocation-done")).ToBeFocusedAsync();
        var xpRevocation = table.Locator("tbody tr", new() { HasText = "测验由他人代答" });
        await Expect(xpRevocation).ToContainTextAsync($"{-amount}");
        var revocationSeq = int.Parse(await xpRevocation.Locator("td").First.InnerTextAsync());
        await Expect(table.Locator($"tbody tr[data-seq='{seq}']")).ToContainTextAsync($"已撤销（见第 {revocationSeq} 条）");
        await Expect(xpRevocation.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // The badge, with the mouse.
        await page.Locator("#held-badges").GetByRole(AriaRole.Button, new() { Name = "撤销徽章 helper" }).ClickAsync();
        await page.GetByLabel("撤销理由（学员可见，1–500 字）").FillAsync("徽章条件未满足");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认撤销" }).ClickAsync();
        await Expect(page.Locator("#revocation-done")).ToContainTextAsync("已撤销徽章 helper");
        await Expect(table.Locator("tbody tr", new() { HasText = "徽章条件未满足" })).ToContainTextAsync("BADGE_REVOKED");
        await Expect(page.GetByText("该学员没有徽章。")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "manager-revoke-award-and-badge", output);

        var held = (await server.Client.QueryAsync(Held, new { id = learner }))["learner"]!;
        Assert.Equal(xpBefore - amount, held["xp"]!.GetValue<int>());
        Assert.Empty(held["badges"]!.AsArray());
    }

    [Fact]
    public async Task a_manager_revoking_their_own_award_in_the_browser_is_told_it_is_forbidden()
    {
        var server = fixture.Server;
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var manager = await admin.RegisterLearnerAsync(department, displayName: "李娜");
        (await admin.RecordActivityAsync(manager, "lesson", objectId: "lesson-1")).AssertNoErrors();
        var xpBefore = (await server.Client.QueryAsync(Held, new { id = manager }))["learner"]!["xp"]!.GetValue<int>();

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, manager, [Roles.Manager, Roles.Learner], [department]));
        await page.GotoAsync($"/#/manager/ledger/{manager}");
        await page.Locator("#ledger-table").GetByRole(AriaRole.Button, new() { Name = "撤销第 1 条记录" }).ClickAsync();
        await page.GetByLabel("撤销理由（学员可见，1–500 字）").FillAsync("自己撤销自己");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认撤销" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("FORBIDDEN");
        await Expect(page.Locator("#revocation-done")).ToHaveCountAsync(0);
        Assert.Equal(xpBefore, (await server.Client.QueryAsync(Held, new { id = manager }))["learner"]!["xp"]!.GetValue<int>());
    }
}
