using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>
/// A manager creates a training plan with a workshop and shows its check-in code; a learner registers and checks in with
/// that code, then submits and votes on brainstorm ideas; the manager hides an idea and the learner's vote comes back.
/// </summary>
public sealed class PlansJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string LocalTime = """
        minutes => { const d = new Date(Date.now() + minutes * 60000); const p = n => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }
        """;

    [Fact]
    public async Task a_learner_checks_in_with_the_code_the_manager_shows_and_submits_and_votes_on_ideas()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}");
        var admin = new Scenario(server.Client);
        var (mine, other) = (await admin.CreateDepartmentAsync(), await admin.CreateDepartmentAsync());
        var learner = await admin.RegisterLearnerAsync(mine, displayName: "张伟");
        var rival = await admin.RegisterLearnerAsync(other, displayName: "李强");
        var planId = Scenario.NewId("plan");

        // The manager creates the plan in the form and opens the workshop's check-in code.
        var managerPage = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(managerPage, WebSession.Token(server, "manager-wu", [Roles.Manager], [mine, other]));
        await managerPage.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训计划管理" }).ClickAsync();
        await managerPage.Locator("#new-plan").ClickAsync();
        await managerPage.Locator("#plan-id").FillAsync(planId);
        await managerPage.Locator("#plan-title-zh").FillAsync("数据共享专项培训");
        await managerPage.Locator("#plan-title-en").FillAsync("Data-sharing training");
        await managerPage.Locator("#plan-goals-zh").FillAsync("掌握证明材料共享的授权流程");
        await managerPage.Locator("#plan-deadline").FillAsync(await managerPage.EvaluateAsync<string>(LocalTime, 30 * 24 * 60));
        await managerPage.Locator("#plan-packages input[value='test.sample.basics']").CheckAsync();
        await Expect(managerPage.Locator($"#plan-departments input[value='{mine}']")).ToBeCheckedAsync();
        await managerPage.Locator("#ws-title-zh").FillAsync("数据共享工作坊");
        await managerPage.Locator("#ws-start").FillAsync(await managerPage.EvaluateAsync<string>(LocalTime, 10));
        await managerPage.Locator("#ws-end").FillAsync(await managerPage.EvaluateAsync<string>(LocalTime, 120));
        await managerPage.Locator("#ws-location").FillAsync("市政务服务中心 3 楼");
        await managerPage.Locator("#create-plan-submit").ClickAsync();
        await Expect(managerPage.Locator("#plan-created")).ToContainTextAsync(planId);
        var plan = managerPage.Locator($"[data-plan='{planId}']");
        await plan.GetByRole(AriaRole.Button, new() { Name = "显示签到码" }).ClickAsync();
        var shown = plan.Locator("#check-in-code-workshop-1");
        await Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{6}$"));
        await Browser.ScreenshotAsync(managerPage, "manager-plan-check-in-code", output);

        // The learner sees the plan, takes a place and checks in with the code on the manager's screen.
        var page = await browser.Browser.NewPageAsync(server.Address, width: 390, height: 844);
        await WebSession.SignInAsync(page, WebSession.Token(server, learner, [Roles.Learner], [mine]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "培训计划" }).ClickAsync();
        var card = page.Locator($"[data-plan='{planId}']");
        await Expect(card).ToContainTextAsync("已完成 0/1 个课程包");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "测试用样例课程包" })).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "报名" }).ClickAsync();
        var codeBox = card.GetByLabel("签到码");
        await codeBox.FillAsync(await shown.TextContentAsync() ?? "");
        await codeBox.PressAsync("Enter");
        await Expect(card.Locator(".check-in-done")).ToContainTextAsync("已签到");
        await Expect(card.Locator(".check-in-done")).ToContainTextAsync("+15 XP");
        await Browser.ScreenshotAsync(page, "learner-checked-in-at-workshop", output);
        var seats = await server.ClientAs(learner, [Roles.Learner], [mine]).QueryAsync("{ myTrainingPlans { seats { attended } } }");
        Assert.True(seats["myTrainingPlans"]![0]!["seats"]![0]!["attended"]!.GetValue<bool>());

        // A brainstorm across both departments; the rival department already has an idea.
        var brainstormId = Scenario.NewId("bs");
        (await server.ClientAs("manager-wu", [Roles.Manager], [mine, other]).PostAsync("""
            mutation($input: CreateBrainstormInput!) { createBrainstorm(input: $input) { brainstorm { id } userErrors { code message field } } }
            """, new
        {
            input = new
            {
                id = brainstormId, departmentIds = new[] { mine, other }, closesAt = DateTimeOffset.UtcNow.AddDays(3), votesPerLearner = 2, winnerCount = 1,
                titles = new { zhCN = "一网通办再提速", en = "Faster one-stop services" },
                question = new { zhCN = "如何让群众办事少跑一次？", en = "How can residents make one trip fewer?" },
            },
        })).AssertNoErrors();
        (await server.ClientAs(rival, [Roles.Learner], [other]).PostAsync("mutation($input: SubmitIdeaInput!) { submitIdea(input: $input) { idea { id } userErrors { code message field } } }",
            new { input = new { brainstormId, text = "证明材料由部门间直接共享，群众不再自己开证明" } })).AssertNoErrors();

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "头脑风暴" }).ClickAsync();
        var brainstorm = page.Locator($"[data-brainstorm='{brainstormId}']");
        await Expect(brainstorm.Locator(".votes-left")).ToHaveTextAsync("剩余 2/2 票");
        await brainstorm.GetByLabel("我的创意（5 到 1000 字）").FillAsync("高频事项开通“一件事一次办”线上入口");
        await brainstorm.GetByRole(AriaRole.Button, new() { Name = "提交创意" }).ClickAsync();
        var own = brainstorm.Locator(".ideas li.mine");
        await Expect(own).ToContainTextAsync("一件事一次办");
        await Expect(own.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);                 // no voting for one's own idea
        await brainstorm.GetByRole(AriaRole.Button, new() { Name = "投票: 证明材料由部门间直接共享，群众不再自己开证明" }).ClickAsync();
        await Expect(brainstorm.Locator(".votes-left")).ToHaveTextAsync("剩余 1/2 票");
        await Expect(brainstorm.Locator(".ideas li:not(.mine)")).ToContainTextAsync("已投票");
        await Browser.ScreenshotAsync(page, "learner-brainstorm-voted", output);

        // The manager hides the rival idea with a reason; the learner's vote comes back.
        await managerPage.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "创意审核" }).ClickAsync();
        var rivalIdea = managerPage.Locator($"[data-brainstorm='{brainstormId}'] .ideas li", new() { HasTextString = "证明材料" });
        await Expect(rivalIdea).ToContainTextAsync("1 票");
        var authorName = (await server.ClientAs("manager-wu", [Roles.Manager], [mine, other]).QueryAsync("{ brainstorms { ideas { text authorName } } }"))
            ["brainstorms"]![0]!["ideas"]!.AsArray().Single(i => i!["text"]!.GetValue<string>().StartsWith("证明材料"))!["authorName"]!.GetValue<string>();
        await Expect(rivalIdea.Locator(".idea-author")).ToContainTextAsync(authorName);    // the author's public name, not their id alone
        await rivalIdea.GetByRole(AriaRole.Button, new() { Name = "隐藏" }).ClickAsync();
        await rivalIdea.GetByLabel("隐藏理由").FillAsync("与本次主题无关");
        await rivalIdea.GetByRole(AriaRole.Button, new() { Name = "确认隐藏" }).ClickAsync();
        await Expect(rivalIdea).ToContainTextAsync("已隐藏：与本次主题无关");
        await Browser.ScreenshotAsync(managerPage, "manager-brainstorm-moderation", output);

        await page.ReloadAsync();
        await Expect(brainstorm.Locator(".votes-left")).ToHaveTextAsync("剩余 2/2 票");
        await Expect(brainstorm.Locator(".ideas li")).ToHaveCountAsync(1);
    }
}
