using System.Net;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Server.Identity;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.SignIn;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>The pages sign in against an external OpenID Connect issuer (here another Gamified installation): the browser goes
/// to the issuer's login page and comes back signed in, with the roles this installation's claim mapping gives (not the
/// issuer's); a reload keeps the session, and signing out ends it at the issuer too.</summary>
[Collection(FederationCollection.Name)]
public sealed class FederatedSignInJourneyTests(BrowserFixture browser, FederationFixture federation, ITestOutputHelper output)
    : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_learner_signs_in_at_the_external_issuer_comes_back_with_the_mapped_roles_keeps_the_session_and_signs_out_there()
    {
        // At the issuer they are also an admin; this installation maps only learner and author.
        var learner = await TestAccounts.CreateAsync(federation.Issuer, [Roles.Learner, Roles.Admin]);
        var pages = federation.Pages.Address;

        var page = await browser.Browser.NewPageAsync(pages);
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        await page.GotoAsync("/");
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(federation.IssuerName + "connect/authorize?", StringComparison.Ordinal));
        await page.GetByLabel("用户名").FillAsync(learner);
        await page.GetByLabel("密码").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page.Locator(".who")).ToHaveTextAsync(learner);
        Assert.StartsWith(pages.AbsoluteUri, page.Url);
        Assert.DoesNotContain("code=", page.Url);
        await Expect(page.Locator("nav a[href='#/learner']")).ToBeVisibleAsync();
        await Expect(page.Locator("nav a[href='#/admin/staff-import']")).ToHaveCountAsync(0);
        // Their home page, read with the issuer's token: new here, they are asked to register under their subject.
        await Expect(page.Locator("#display-name")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "federated-sign-in-learner", output);

        await page.ReloadAsync();
        await Expect(page.Locator(".who")).ToHaveTextAsync(learner);
        await Expect(page.Locator("nav a[href='#/admin/staff-import']")).ToHaveCountAsync(0);
        var token = await page.EvaluateAsync<string>("sessionStorage.getItem('gamified.token')");
        (await federation.Pages.ClientWithToken(token).PostAsync("{ departments { id } }")).AssertNoErrors();
        Assert.Equal("FORBIDDEN", (await federation.Pages.ClientWithToken(token).PostAsync("{ auditLog(first: 1) { edges { cursor } } }")).FirstErrorCode);
        var refreshToken = await page.EvaluateAsync<string>(
            "JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find(k => k.startsWith('oidc.user:')))).refresh_token");
        Assert.False(string.IsNullOrEmpty(refreshToken));

        // The browser goes to the issuer's end-session endpoint, which revokes the sign-in and sends it back to these pages.
        var endSession = page.WaitForRequestFinishedAsync(new()
        {
            Predicate = r => r.Url.StartsWith(federation.IssuerName + "connect/endsession", StringComparison.Ordinal),
        });
        await page.Locator("#sign-out").ClickAsync();
        await endSession;
        Assert.Equal(HttpStatusCode.BadRequest, await RefreshAsync(refreshToken));
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await page.WaitForURLAsync(url => url.StartsWith(pages.AbsoluteUri, StringComparison.Ordinal));
        await page.ReloadAsync();
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator(".who")).ToHaveCountAsync(0);
    }

    private async Task<HttpStatusCode> RefreshAsync(string refreshToken)
    {
        using var http = new HttpClient { BaseAddress = federation.Issuer.Address };
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = WebPagesClient.ClientId,
        }));
        return response.StatusCode;
    }
}
