using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Gamified.Tests.Web;

/// <summary>Signing in to the pages the way a user does: pasting a token issued by the server's local key.</summary>
public static class WebSession
{
    public static string Token(GamifiedServer server, string subject, string[] roles, string[]? departments = null) =>
        server.Services.GetRequiredService<LocalTokens>().Issue(subject, roles, departments);

    public static async Task SignInAsync(IPage page, string token)
    {
        await page.GotoAsync("/");
        await page.Locator("#token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token")).ToHaveCountAsync(0);
    }
}
