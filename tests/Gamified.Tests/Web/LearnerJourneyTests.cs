using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A learner in the browser: sign in, register, take a package from pre-test to result, and watch the board move.</summary>
public sealed class LearnerJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_learner_completes_a_package_and_sees_their_rank_change_live()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}");
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var rival = await admin.RegisterLearnerAsync(department, displayName: "李强");
        (await admin.RecordActivityAsync(rival, "rival-1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        var learner = Scenario.NewId("learner");

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, learner, [Roles.Learner], [department]));

        // First visit: the learner registers themselves.
        await page.Locator("#display-name").FillAsync("张伟");
        await page.Locator("#department").SelectOptionAsync(department);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始学习" }).ClickAsync();
        await Expect(page.Locator("#my-xp")).ToHaveTextAsync("0");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "课程包", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "开始学习: 测试用样例课程包" }).ClickAsync();
        await page.Locator("#start-package").ClickAsync();

        // Pre-test, answered badly on purpose: the post-test then shows a learning gain.
        await Answer(page, "p1", "a");
        await Answer(page, "p2", "true");
        await Answer(page, "p3", "c");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交答案" }).ClickAsync();
        await Expect(page.Locator("#PRE_TEST-outcome")).ToContainTextAsync("得分");
        await Expect(page.Locator("[data-question=p1] .feedback.bad")).ToBeVisibleAsync();
        await page.Locator("#to-lessons").ClickAsync();

        // Lessons rendered from the package's Scriban templates.
        await Expect(page.Locator(".lesson-body h1")).ToBeVisibleAsync();
        for (var i = 0; i < 2; i++)
        {
            await page.Locator("#mark-read").ClickAsync();
            await Expect(page.Locator(".lesson-list button", new() { HasTextString = "✓" })).ToHaveCountAsync(i + 1);
        }
        await page.Locator("#to-post-test").ClickAsync();

        // A first post-test attempt gets one of three right; the learner tries again without reloading.
        await Answer(page, "q1", "b");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交答案" }).ClickAsync();
        await Expect(page.Locator("#POST_TEST-outcome")).ToContainTextAsync("未通过");
        await page.Locator("#retry-post-test").ClickAsync();
        await Expect(page.Locator("#retry-post-test")).ToHaveCountAsync(0);
        await Expect(page.Locator("#POST_TEST-outcome")).ToHaveCountAsync(0);
        await Answer(page, "q1", "b");
        await Answer(page, "q2", "a");
        await Answer(page, "q2", "b");
        await page.Locator("[data-question=q3] input").FillAsync("最小必要");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交答案" }).ClickAsync();
        await Expect(page.Locator("#POST_TEST-outcome")).ToContainTextAsync("100");
        await Expect(page.Locator(".feedback.ok")).ToHaveCountAsync(3);
        await Expect(page.Locator("#retry-post-test")).ToContainTextAsync("还剩 1 次");
        await page.Locator("#to-result").ClickAsync();
        // The gain is the first attempt's (0 → 33.3): the retry, after the feedback, counts for passing only.
        await Expect(page.Locator("#learning-gain")).ToHaveTextAsync("33%");
        await Expect(page.Locator("#result")).ToContainTextAsync("已完成本课程包");

        // The board: first place after the package, then the rival overtakes while the page stays open.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "排行榜" }).ClickAsync();
        await Expect(page.Locator("#my-rank")).ToHaveTextAsync("我的排名：第 1 名", new() { Timeout = 30_000 });
        var mine = await server.Client.QueryAsync("query($id: ID!) { learner(id: $id) { xp } }", new { id = learner });
        var xp = mine["learner"]!["xp"]!.GetValue<int>();
        for (var i = 0; i * 20 <= xp; i++)
            (await admin.RecordActivityAsync(rival, $"rival-more-{i}", verb: "PASSED", objectId: $"quiz-{i}", objectKind: "QUIZ")).AssertNoErrors();

        await Expect(page.Locator("#my-rank")).ToHaveTextAsync("我的排名：第 2 名", new() { Timeout = 30_000 });
        await Expect(page.Locator("#learner-board tbody tr").Nth(1)).ToHaveClassAsync("me");
        await Expect(page.Locator("#learner-board tbody tr").Nth(1).Locator(".change")).ToHaveTextAsync("新上榜");   // not on the board this morning
        await Browser.ScreenshotAsync(page, "learner-completes-package-rank-changes-live", output);

        await page.GetByRole(AriaRole.Tab, new() { Name = "团队" }).ClickAsync();
        await Expect(page.Locator("#team-board")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_learner_sees_their_streak_and_badge_names_and_hides_from_the_board()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = Scenario.NewId("learner");
        await server.Client.QueryAsync("mutation($input: RegisterLearnerInput!) { registerLearner(input: $input) { learner { id } userErrors { code message field } } }",
            new { input = new { id = learner, displayName = "周明", departmentId = department, visibility = "REAL_NAME" } });
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        (await server.Client.PostAsync("mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { activityId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, idempotencyKey = "y", verb = "COMPLETED", @object = new { id = "l0", kind = "LESSON" }, timestamp = yesterday } }))
            .AssertNoErrors();
        (await admin.RecordActivityAsync(learner, "t")).AssertNoErrors();
        await server.ClientAs("manager-web", [Roles.Manager], [department]).QueryAsync(
            "mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "perfect-score", reason = "课后测验满分" } });

        (await server.ClientAs(learner, [Roles.Learner], [department]).PostAsync(
            "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { activityId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, idempotencyKey = "claim", verb = "COMPLETED", @object = new { id = "self-study", kind = "LESSON" } } }))
            .AssertNoErrors();

        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, learner, [Roles.Learner], [department]));
        await Expect(page.Locator("#my-activity tr[data-attestation=SELF_REPORTED]")).ToContainTextAsync("本人自述");
        await Expect(page.Locator("#my-activity tr[data-attestation=SELF_REPORTED]")).ToContainTextAsync("self-study");
        await Expect(page.Locator("#my-activity tr[data-attestation=MANAGER]").First).ToContainTextAsync("主管记录");
        await Expect(page.Locator("#my-streak strong")).ToHaveTextAsync("2 天");
        await Expect(page.Locator("#my-streak")).ToContainTextAsync("最长连续 2 天");
        await Expect(page.Locator("[data-badge='perfect-score']")).ToContainTextAsync("满分答卷");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "排行榜" }).ClickAsync();
        await Expect(page.Locator("#learner-board")).ToContainTextAsync("周明", new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的主页" }).ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "不公开" }).CheckAsync();
        await page.Locator("#save-visibility").ClickAsync();
        await Expect(page.Locator("#privacy-form [role=status]")).ToContainTextAsync("已保存");
        await Browser.ScreenshotAsync(page, "learner-home-streak-badges-privacy", output);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "排行榜" }).ClickAsync();
        await Expect(page.Locator("#learner-board")).ToContainTextAsync("匿名学员", new() { Timeout = 30_000 });
        await Expect(page.Locator("#learner-board")).Not.ToContainTextAsync("周明");
    }

    private static Task Answer(IPage page, string question, string option) =>
        page.Locator($"[data-question={question}] input[value='{option}']").CheckAsync();
}
