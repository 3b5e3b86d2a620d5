using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Notifications;
using Gamified.Tests.People;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// Issue #18's week, end to end on the pages: a plan with a workshop today and an expert lecture later in the week; the
/// manager moves the lecture and the learner hears of it in the top bar and by e-mail (a real SMTP sink); the learner waits
/// for the full workshop and gets the place another gives up, checks in with the host's digits after arriving by the QR's
/// link, the host checks a third learner in by hand; the roster and the learner's year record show the attendance, and the
/// learner's certificate prints. (Reminders firing after a restart: <c>ReminderRestartTests</c>; the certificate's A4 PDF:
/// <c>CertificatePrintTests</c>.)
/// </summary>
public sealed class TrainingOfficeWeekJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_training_office_runs_its_week_from_moving_a_session_to_the_printed_certificate()
    {
        await using var smtp = new SmtpSink();
        await using var robots = new RobotListener();
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            [$"--Content:Directory={content}", .. NotificationFixture.Arguments(smtp, robots)]);
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var (holder, chen, li) = (StaffCsvs.Id("w"), StaffCsvs.Id("w"), StaffCsvs.Id("w"));
        (await server.Client.ImportAsync(StaffCsvs.Csv("工号,姓名,部门,角色,邮箱", $"{holder},王芳,{department},,{holder}@example.gov.cn",
            $"{chen},陈静,{department},,{chen}@example.gov.cn", $"{li},李雷,{department},,{li}@example.gov.cn"), dryRun: false)).Report();

        // Monday: the manager's plan, a workshop starting shortly (its check-in opens half an hour before) and a lecture on Thursday.
        var planId = Scenario.NewId("week");
        var manager = server.ClientAs("manager-wu", [Roles.Manager], [department]);
        var drillStart = DateTimeOffset.UtcNow.AddMinutes(10);
        var lectureStart = DateTimeOffset.UtcNow.AddDays(3);
        (await manager.PostAsync("""
            mutation($input: CreateTrainingPlanInput!) { createTrainingPlan(input: $input) { trainingPlan { id } userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id = planId, departmentIds = new[] { department }, packageIds = new[] { "test.sample.basics" }, deadline = DateTimeOffset.UtcNow.AddDays(30),
                titles = new { zhCN = "数据共享专项培训", en = "Data sharing training" },
                goals = new[] { new { zhCN = "掌握跨部门数据共享流程", en = "Share data across departments" } },
                sessions = new object[]
                {
                    new { id = "drill", kind = "WORKSHOP", capacity = 2, hostId = "manager-wu", startsAt = drillStart, endsAt = drillStart.AddHours(2),
                        location = "市民中心 5 楼", titles = new { zhCN = "共享申请演练", en = "Sharing request drill" }, cancellationCutOffHours = 0 },
                    new { id = "lecture", kind = "EXPERT_LECTURE", capacity = 50, hostId = "manager-wu", startsAt = lectureStart, endsAt = lectureStart.AddHours(2),
                        location = "市政府 3 号会议室", expertName = "周教授", titles = new { zhCN = "数据安全专家讲座", en = "Data security lecture" } },
                },
            },
        })).AssertNoErrors();
        foreach (var learner in new[] { holder, li })
            (await server.ClientAs(learner, [Roles.Learner], [department]).PostAsync(
                "mutation($input: SessionRefInput!) { registerForSession(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }",
                new { input = new { planId, sessionId = "drill" } })).AssertNoErrors();

        // 陈静 signs up for the lecture and joins the workshop's waiting list.
        var learnerPage = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(learnerPage, WebSession.Token(server, chen, [Roles.Learner], [department]));
        await learnerPage.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训计划" }).ClickAsync();
        var lecture = learnerPage.Locator($"[data-plan='{planId}'] [data-session='lecture']");
        await lecture.GetByRole(AriaRole.Button, new() { Name = "报名", Exact = true }).ClickAsync();
        await Expect(lecture.GetByRole(AriaRole.Button, new() { Name = "取消报名" })).ToBeVisibleAsync();
        var drill = learnerPage.Locator($"[data-plan='{planId}'] [data-session='drill']");
        await drill.GetByRole(AriaRole.Button, new() { Name = "加入候补" }).ClickAsync();
        await Expect(drill.Locator(".waiting-position")).ToContainTextAsync("候补第 1 位");

        // Tuesday: the manager moves the lecture to Friday.
        var managerPage = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(managerPage, WebSession.Token(server, "manager-wu", [Roles.Manager], [department]));
        await managerPage.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训计划管理" }).ClickAsync();
        var plan = managerPage.Locator($"[data-plan='{planId}']");
        await plan.Locator($"#manage-{planId}-lecture").ClickAsync();
        var friday = await managerPage.EvaluateAsync<string>("""
            () => { const d = new Date(Date.now() + 4 * 86400000); const p = n => String(n).padStart(2, '0');
              return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }
            """);
        var fridayEnd = await managerPage.EvaluateAsync<string>("""
            () => { const d = new Date(Date.now() + 4 * 86400000 + 2 * 3600000); const p = n => String(n).padStart(2, '0');
              return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }
            """);
        var sessionAdmin = $"#session-admin-{planId}-lecture";
        await managerPage.Locator($"{sessionAdmin}-start").FillAsync(friday);
        await managerPage.Locator($"{sessionAdmin}-end").FillAsync(fridayEnd);
        await managerPage.Locator($"{sessionAdmin}-location").FillAsync("市政府 1 号会议室");
        var unreadBefore = await learnerPage.Locator("#inbox-link .badge-count").CountAsync() == 0
            ? 0 : int.Parse(await learnerPage.Locator("#inbox-link .badge-count").GetAttributeAsync("data-unread") ?? "0");
        await managerPage.Locator($"{sessionAdmin}-move").ClickAsync();

        // The learner hears of it at once in the top bar (live, no reload), and by e-mail.
        await Expect(learnerPage.Locator($"#inbox-link .badge-count[data-unread='{unreadBefore + 1}']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await learnerPage.Locator("#inbox-link").ClickAsync();
        await Expect(learnerPage.GetByText("活动时间地点变更：数据安全专家讲座").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(learnerPage, "week-inbox-session-moved", output);
        await Poll.Until(() => Task.FromResult(smtp.To($"{chen}@example.gov.cn").Any(m => (m.Subject ?? "").Contains("数据安全专家讲座"))),
            "the e-mail about the moved lecture to reach the learner");
        Assert.DoesNotContain(smtp.To($"{holder}@example.gov.cn"), m => (m.Subject ?? "").Contains("数据安全专家讲座"));   // not registered for it

        // Wednesday: 王芳 gives up her workshop place; it goes to 陈静, who is told.
        (await server.ClientAs(holder, [Roles.Learner], [department]).PostAsync(
            "mutation($input: SessionRefInput!) { cancelRegistration(input: $input) { sessionSeat { sessionId } userErrors { code message field } } }",
            new { input = new { planId, sessionId = "drill" } })).AssertNoErrors();
        await Poll.Until(() => Task.FromResult(smtp.To($"{chen}@example.gov.cn").Any(m => (m.Subject ?? "").Contains("候补成功"))),
            "the notice of the freed place to reach the learner");

        // The workshop: the host shows the code and QR; 陈静 arrives by the QR's link and types the digits.
        await plan.GetByRole(AriaRole.Button, new() { Name = "显示签到码" }).First.ClickAsync();
        await Expect(plan.Locator("img.check-in-qr")).ToBeVisibleAsync();
        var code = (await managerPage.Locator("#check-in-code-drill").TextContentAsync())!.Trim();
        await learnerPage.GotoAsync($"/#/learner/plans/{planId}/drill");
        var arrived = learnerPage.Locator($"[data-plan='{planId}'] [data-session='drill'][aria-current='true']");
        await Expect(arrived).ToBeVisibleAsync();
        await learnerPage.Locator($"#code-{planId}-drill").FillAsync(code);
        await arrived.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();
        await Expect(arrived.Locator(".check-in-done")).ToBeVisibleAsync();

        // 李雷's phone is flat: the host checks him in by hand, with a reason; the roster shows both, and how.
        await plan.Locator($"#show-roster-{planId}-drill").ClickAsync();
        var roster = plan.Locator($"#roster-{planId}-drill");
        await managerPage.Locator($"#roster-{planId}-drill-learner").FillAsync(li);
        await managerPage.Locator($"#roster-{planId}-drill-reason").FillAsync("手机没电，现场核对工作证");
        await managerPage.Locator($"#roster-{planId}-drill-check-in").ClickAsync();
        await Expect(roster.Locator($"tr[data-learner='{li}']")).ToContainTextAsync("手机没电");
        await Expect(roster.Locator($"tr[data-learner='{chen}'][data-status='ATTENDED']")).ToBeVisibleAsync();
        await Expect(roster.Locator($"tr[data-learner='{holder}']")).ToContainTextAsync("已取消报名");
        await Browser.ScreenshotAsync(managerPage, "week-roster", output);

        // Friday: 陈静's year shows the workshop's two hours, and her certificate opens as genuine.
        await learnerPage.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的学时" }).ClickAsync();
        await Expect(learnerPage.Locator("#record-items")).ToContainTextAsync("共享申请演练");
        await Expect(learnerPage.Locator("#record-hours")).ToContainTextAsync("2");
        await learnerPage.Locator("#issue-certificate").ClickAsync();
        var link = learnerPage.Locator("#certificate-issued a");
        await Expect(link).ToBeVisibleAsync();
        await learnerPage.GotoAsync((await link.GetAttributeAsync("href"))!);
        await Expect(learnerPage.GetByText("真实有效", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(learnerPage.GetByText("陈静", new() { Exact = false }).First).ToBeVisibleAsync();
        var pdf = await learnerPage.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await Browser.ScreenshotAsync(learnerPage, "week-certificate", output);
    }
}
