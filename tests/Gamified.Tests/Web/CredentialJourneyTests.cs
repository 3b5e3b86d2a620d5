using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A learner downloads a badge as an Open Badges credential and verifies the file; an altered copy fails.</summary>
public sealed class CredentialJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_learner_downloads_a_badge_credential_and_verifies_it_and_a_changed_copy_is_refused()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        (await server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "data-pioneer", reason = "主持了部门数据共享试点" } })).AssertNoErrors();

        var page = await browser.Browser.NewPageAsync(server.Address, width: 390, height: 844);
        await WebSession.SignInAsync(page, WebSession.Token(server, learner, [Roles.Learner], [department]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的证书" }).ClickAsync();
        var card = page.Locator("[data-badge='data-pioneer']");
        await Expect(card).ToContainTextAsync("data-pioneer");

        var download = await page.RunAndWaitForDownloadAsync(() => card.GetByRole(AriaRole.Button, new() { Name = "下载证书（JWT）" }).ClickAsync());
        Assert.Equal("data-pioneer.jwt", download.SuggestedFilename);
        var path = (await download.PathAsync())!;
        var jwt = await File.ReadAllTextAsync(path);
        var issued = await server.ClientAs(learner, [Roles.Learner], [department])
            .QueryAsync("query($id: ID!) { badgeCredentials(learnerId: $id) { jwt } }", new { id = learner });
        // ES256 signatures differ on every signing: the header and the signed credential are the same.
        static string Signed(string token) => token[..token.LastIndexOf('.')];
        Assert.Equal(Signed(issued["badgeCredentials"]![0]!["jwt"]!.GetValue<string>()), Signed(jwt));

        // The downloaded file, chosen in the verify box, verifies.
        await page.Locator("#verify-file").SetInputFilesAsync(path);
        await Expect(page.Locator("#verify-jwt")).ToHaveValueAsync(jwt);
        await page.Locator("#verify-button").ClickAsync();
        var result = page.Locator("#verify-result");
        await Expect(result).ToContainTextAsync("证书有效");
        await Expect(result).ToContainTextAsync(learner);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px screen");
        await Browser.ScreenshotAsync(page, "learner-badge-credential-verified", output);

        // One character of the signed payload changed: refused, with the reason.
        var parts = jwt.Split('.');
        var middle = parts[1].Length / 2;
        var changed = parts[0] + "." + parts[1][..middle] + (parts[1][middle] == 'A' ? 'B' : 'A') + parts[1][(middle + 1)..] + "." + parts[2];
        await page.Locator("#verify-jwt").FillAsync(changed);
        await Expect(result).ToHaveCountAsync(0);
        await page.Locator("#verify-jwt").PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#verify-button")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(result).ToContainTextAsync("证书无效");
        await Browser.ScreenshotAsync(page, "learner-badge-credential-refused", output);
    }
}
