using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Gamified.Tests.Web;

/// <summary>Signing in to the pages with a token issued by the server's local key, pasted in the developers' form.</summary>
public static class WebSession
{
    public static string Token(GamifiedServer server, string subject, string[] roles, string[]? departments = null) =>
        server.Services.GetRequiredService<LocalTokens>().Issue(subject, roles, departments);

    public static async Task SignInAsync(IPage page, string token)
    {
        await page.GotoAsync("/");
        // With a sign-in provider the pasted-token form is the folded developers' fallback: unfold it.
        var developer = page.Locator("details.developer");
        await page.Locator("#token, details.developer").First.WaitForAsync();
        if (await developer.CountAsync() > 0) await developer.Locator("summary").ClickAsync();
        await page.Locator("#token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "用令牌登录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token")).ToHaveCountAsync(0);
    }
}
