using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.SignIn;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A learner signs in the way staff do: the pages send them to the built-in provider's login page (authorization
/// code with PKCE), a wrong password is told, the right one brings them back signed in; a reload keeps the session, and
/// signing out ends it, for the server too.</summary>
public sealed class SignInJourneyTests(BrowserFixture browser, SqliteServerFixture fixture, ITestOutputHelper output)
    : IClassFixture<BrowserFixture>, IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task a_learner_signs_in_with_a_password_through_the_login_page_keeps_the_session_on_reload_and_signs_out()
    {
        var server = fixture.Server;
        var department = await new Scenario(server.Client).CreateDepartmentAsync();
        var learner = await TestAccounts.CreateAsync(server, [Roles.Learner], [department]);

        var page = await browser.Browser.NewPageAsync(server.Address);
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        await page.GotoAsync("/");
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/connect/authorize?", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "sign-in-login-page", output);

        await page.GetByLabel("用户名").FillAsync(learner);
        await page.GetByLabel("密码").FillAsync("not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator("#error")).ToHaveAttributeAsync("data-code", "INVALID_CREDENTIALS");
        await Expect(page.GetByLabel("密码")).ToBeFocusedAsync();

        await page.GetByLabel("密码").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator(".who")).ToHaveTextAsync(learner);
        Assert.DoesNotContain("code=", page.Url);

        await page.ReloadAsync();
        await Expect(page.Locator(".who")).ToHaveTextAsync(learner);
        var token = await page.EvaluateAsync<string>("sessionStorage.getItem('gamified.token')");
        (await server.ClientWithToken(token).PostAsync("{ departments { id } }")).AssertNoErrors();

        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        Assert.Equal(new Uri(server.Address, "/").AbsoluteUri, page.Url.Split('#')[0]);
        // The page shows it is signed out before the browser has been to the end-session endpoint and back: wait for that.
        await Poll.Until(async () => (await server.ClientWithToken(token).PostAsync("{ departments { id } }")).Status == 401,
            "the signed-out session's token refused");
        await Browser.ScreenshotAsync(page, "sign-in-signed-out", output);
    }
}
