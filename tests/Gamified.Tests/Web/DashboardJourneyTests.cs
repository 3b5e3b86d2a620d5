using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>An admin signed in to the web pages opens the Orleans Dashboard in the browser, with no token to paste.</summary>
public sealed class DashboardJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_signed_in_admin_opens_the_orleans_dashboard_from_the_accounts_page()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Orleans:Dashboard:Enabled=true");
        var page = await browser.Browser.NewPageAsync(server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(server, "ops-admin", [Roles.Admin]));
        await page.GetByRole(AriaRole.Link, new() { Name = "账号" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "打开集群面板" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/$"));
        // The dashboard's own script loaded and called its API with the cookie: its pages name the silos.
        await Expect(page.Locator("body")).ToContainTextAsync("Silo", new() { Timeout = 30_000 });
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "gamified.dashboard" && !c.HttpOnly);
    }
}
