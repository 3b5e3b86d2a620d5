using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// A training office's week on the pages: a learner waits for a full workshop and gets the place another gives up, the
/// manager previews who an earlier deadline makes overdue before saving it, opens the host's QR, checks a learner in by hand
/// and reads the roster; the QR's link opens the learner's page at that session, still asking for the digits.
/// </summary>
public sealed class PlanChangesJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_waiting_learner_gets_a_freed_place_and_the_manager_previews_an_earlier_deadline_and_checks_in_by_hand()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}");
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var holder = await admin.RegisterLearnerAsync(department, displayName: "王芳");
        var waiting = await admin.RegisterLearnerAsync(department, displayName: "陈静");
        var planId = Scenario.NewId("plan");
        var manager = server.ClientAs("manager-wu", [Roles.Manager], [department]);
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(10);      // check-in (and so the code and QR) opens 30 minutes before
        (await manager.PostAsync("""
            mutation($input: CreateTrainingPlanInput!) { createTrainingPlan(input: $input) { trainingPlan { id } userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id = planId, departmentIds = new[] { department }, packageIds = new[] { "test.sample.basics" }, deadline = DateTimeOffset.UtcNow.AddDays(30),
                titles = new { zhCN = "窗口服务专项培训", en = "Counter service training" },
                goals = new[] { new { zhCN = "掌握一次告知制度", en = "Tell residents everything at once" } },
                sessions = new[]
                {
                    new { id = "drill", kind = "WORKSHOP", capacity = 1, hostId = "manager-wu", startsAt, endsAt = startsAt.AddHours(2), location = "市民中心 5 楼",
                        titles = new { zhCN = "窗口服务演练", en = "Counter drill" }, cancellationCutOffHours = 0 },
                },
            },
        })).AssertNoErrors();
        (await server.ClientAs(holder, [Roles.Learner], [department]).PostAsync(
            "mutation($input: SessionRefInput!) { registerForSession(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }",
            new { input = new { planId, sessionId = "drill" } })).AssertNoErrors();

        // The session is full: the learner joins its waiting list and sees their place in line.
        var page = await browser.Browser.NewPageAsync(server.Address, width: 390, height: 844);
        await WebSession.SignInAsync(page, WebSession.Token(server, waiting, [Roles.Learner], [department]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训计划" }).ClickAsync();
        var session = page.Locator($"[data-plan='{planId}'] [data-session='drill']");
        await session.GetByRole(AriaRole.Button, new() { Name = "加入候补" }).ClickAsync();
        await Expect(session.Locator(".waiting-position")).ToContainTextAsync("候补第 1 位");

        // The holder gives up the place; the waiting learner has it.
        (await server.ClientAs(holder, [Roles.Learner], [department]).PostAsync(
            "mutation($input: SessionRefInput!) { cancelRegistration(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }",
            new { input = new { planId, sessionId = "drill" } })).AssertNoErrors();
        await page.ReloadAsync();
        await Expect(session.Locator(".waiting-position")).ToHaveCountAsync(0);
        await Expect(session.GetByRole(AriaRole.Button, new() { Name = "取消报名" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "learner-place-from-waiting-list", output);

        // The manager brings the deadline forward: the preview names the learners who have not finished, and saving needs a second click.
        var managerPage = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(managerPage, WebSession.Token(server, "manager-wu", [Roles.Manager], [department]));
        await managerPage.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训计划管理" }).ClickAsync();
        var plan = managerPage.Locator($"[data-plan='{planId}']");
        await plan.Locator($"#edit-plan-{planId}").ClickAsync();
        var soon = await managerPage.EvaluateAsync<string>("""
            () => { const d = new Date(Date.now() + 2 * 86400000); const p = n => String(n).padStart(2, '0');
              return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }
            """);
        await plan.Locator($"#edit-{planId}-deadline").FillAsync(soon);
        await plan.Locator($"#edit-{planId}-submit").ClickAsync();
        var preview = plan.Locator(".overdue-preview");
        await Expect(preview).ToContainTextAsync(waiting);
        await Expect(preview).ToContainTextAsync(holder);
        await Browser.ScreenshotAsync(managerPage, "manager-deadline-preview", output);
        await plan.Locator($"#edit-{planId}-submit").ClickAsync();
        await Expect(plan.Locator(".overdue-preview")).ToHaveCountAsync(0);
        var deadline = (await manager.QueryAsync("query($id: ID!) { trainingPlan(id: $id) { deadline revision } }", new { id = planId }))["trainingPlan"]!;
        Assert.Equal(1, deadline["revision"]!.GetValue<int>());

        // The host's panel shows the QR beside the digits; the roster takes a check-in by hand with a reason.
        await plan.GetByRole(AriaRole.Button, new() { Name = "显示签到码" }).ClickAsync();
        await Expect(plan.Locator("img.check-in-qr")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(managerPage, "host-check-in-qr", output);
        await plan.Locator($"#show-roster-{planId}-drill").ClickAsync();
        var roster = plan.Locator($"#roster-{planId}-drill");
        await Expect(roster.Locator($"tr[data-learner='{waiting}']")).ToContainTextAsync("已报名");
        await Expect(roster.Locator($"tr[data-learner='{holder}']")).ToContainTextAsync("已取消报名");

        // The QR's link opens the learner's page at that session, with the code field ready: the digits are still needed.
        await page.GotoAsync($"/#/learner/plans/{planId}/drill");
        await Expect(page.Locator($"[data-plan='{planId}'] [data-session='drill'][aria-current='true']")).ToBeVisibleAsync();
    }
}
