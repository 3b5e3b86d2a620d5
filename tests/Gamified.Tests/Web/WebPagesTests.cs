using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>The pages as served: security headers, phone width, keyboard, language switch, GraphiQL.</summary>
public sealed class WebPagesTests(BrowserFixture browser, SqliteServerFixture server, ITestOutputHelper output)
    : IClassFixture<BrowserFixture>, IClassFixture<SqliteServerFixture>
{
    private readonly GamifiedServer _server = server.Server;

    [Fact]
    public async Task pages_are_served_with_a_strict_content_security_policy_and_no_inline_script()
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        var index = await http.GetAsync("/");
        var html = await index.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, index.StatusCode);
        var policy = string.Join(";", index.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("style-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        Assert.DoesNotContain("https://", html);
        // The API is untouched by the pages: /graphql still answers GraphQL, not the page.
        var api = await http.GetAsync("/graphql?query=%7B__typename%7D");
        Assert.NotEqual("text/html", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task at_390_pixels_the_main_page_does_not_scroll_sideways_and_the_keyboard_reaches_the_main_actions()
    {
        var department = await new Scenario(_server.Client).CreateDepartmentAsync();
        var learner = await new Scenario(_server.Client).RegisterLearnerAsync(department);
        var page = await browser.Browser.NewPageAsync(_server.Address, width: 390, height: 844);
        await WebSession.SignInAsync(page, WebSession.Token(_server, learner, [Roles.Learner], [department]));
        await Expect(page.Locator("#my-xp")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px screen");
        await Browser.ScreenshotAsync(page, "learner-home-390px", output);

        // Tab from the top: the skip link first, then the navigation and the page's main actions.
        await page.ReloadAsync();
        await Expect(page.Locator("#my-xp")).ToBeVisibleAsync();
        var reached = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => (document.activeElement?.textContent ?? '').trim()"));
        }
        Assert.Equal("跳到正文", reached[0]);
        Assert.Contains("课程包", reached);
        Assert.Contains("排行榜", reached);
        Assert.Contains("English", reached);
        // Enter on a focused link navigates.
        while ((await page.EvaluateAsync<string>("() => (document.activeElement?.textContent ?? '').trim()")) != "课程包")
            await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "课程包目录" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task chinese_is_the_default_and_the_english_switch_is_remembered()
    {
        var page = await browser.Browser.NewPageAsync(_server.Address);
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        var font = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily");
        Assert.StartsWith("\"PingFang SC\"", font);
        var lineHeight = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)");
        Assert.True(lineHeight >= 1.6, $"line height {lineHeight}");

        await page.Locator("#lang-switch").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task graphiql_is_served_from_the_server_and_runs_queries_and_subscriptions()
    {
        var page = await browser.Browser.NewPageAsync(_server.Address);
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(_server.Address.ToString().TrimEnd('/'), StringComparison.Ordinal) && !request.Url.StartsWith("ws://" + _server.Address.Authority, StringComparison.Ordinal))
                external.Add(request.Url);
        };
        await WebSession.SignInAsync(page, WebSession.Token(_server, "test-admin", [Roles.Admin]));
        await page.GotoAsync("/graphql/ui");
        await Expect(page.Locator(".graphiql-container")).ToBeVisibleAsync();

        await SetQuery(page, "{ departments { id } }");
        await page.Locator(".graphiql-execute-button").ClickAsync();
        await Expect(page.Locator(".result-window")).ToContainTextAsync("\"departments\"");

        var department = await new Scenario(_server.Client).CreateDepartmentAsync();
        var learner = await new Scenario(_server.Client).RegisterLearnerAsync(department);
        await SetQuery(page, "subscription { leaderboardChanged { version top { rank score } } }");
        await page.Locator(".graphiql-execute-button").ClickAsync();
        // GraphiQL shows nothing when its subscription is in place: earn XP until the board's change shows.
        var earned = 0;
        await Poll.Until(async () =>
        {
            (await new Scenario(_server.Client).RecordActivityAsync(learner, $"graphiql-{earned++}", objectId: $"lesson-{earned}")).AssertNoErrors();
            return (await page.Locator(".result-window").TextContentAsync() ?? "").Contains("\"leaderboardChanged\"", StringComparison.Ordinal);
        }, "GraphiQL showed a board change");
        await Browser.ScreenshotAsync(page, "graphiql-subscription", output);
        Assert.Empty(external);
    }

    private static async Task SetQuery(IPage page, string query)
    {
        // The editor is CodeMirror 5, mounted after the page: replace its whole text through that instance.
        await page.Locator(".graphiql-query-editor .CodeMirror").WaitForAsync();
        await page.EvaluateAsync("q => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q)", query);
    }
}
