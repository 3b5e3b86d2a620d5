using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Ledger.Log;
using Gamified.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Gamified.Tests.Web;

/// <summary>A learner downloads a badge as an Open Badges credential and verifies the file; an altered copy fails. And
/// downloads the badge's receipt (docs/LEDGER.md), whose proof leads to the signed head the page shows.</summary>
public sealed class CredentialJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_learner_downloads_a_badge_credential_and_verifies_it_and_a_changed_copy_is_refused()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var (learner, department) = await LearnerWithBadge(server);
        var page = await OpenCredentials(server, learner, department);
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

    [Fact]
    public async Task a_learner_downloads_a_receipt_for_a_badge_whose_proof_leads_to_the_signed_head()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var (learner, department) = await LearnerWithBadge(server);
        var head = (await server.Client.QueryAsync("mutation { signLedgerCheckpoint { ledgerCheckpoint { size root keyId } } }"))
            ["signLedgerCheckpoint"]!["ledgerCheckpoint"]!;
        var page = await OpenCredentials(server, learner, department);
        await Expect(page.Locator("#ledger-head")).ToContainTextAsync(head["root"]!.GetValue<string>());
        await Expect(page.Locator("#ledger-head")).ToContainTextAsync(head["keyId"]!.GetValue<string>());
        // The browser checked the head's signature against the published key (127.0.0.1 is a secure context: Web Crypto is there).
        await Expect(page.Locator("#ledger-head-check")).ToHaveAttributeAsync("data-check", "valid");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-badge='data-pioneer']")
            .GetByRole(AriaRole.Button, new() { Name = "下载回执（证明该奖励已记入签名账本）" }).ClickAsync());
        var receipt = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!))!;
        var leaf = receipt["leaf"]!;
        var proof = new LedgerInclusionProof(
            new LogLeaf(leaf["learnerId"]!.GetValue<string>(), leaf["seq"]!.GetValue<long>(), leaf["entryHash"]!.GetValue<string>(), leaf["statementHash"]!.GetValue<string>()),
            receipt["leafIndex"]!.GetValue<long>(), receipt["auditPath"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
            new LedgerCheckpoint(receipt["checkpoint"]!["size"]!.GetValue<long>(), receipt["checkpoint"]!["root"]!.GetValue<string>(), default, "", ""));
        Assert.Equal(learner, proof.Leaf.LearnerId);
        Assert.Equal(head["size"]!.GetValue<long>(), proof.Checkpoint.Size);
        Assert.True(proof.Holds());
        await Browser.ScreenshotAsync(page, "learner-ledger-receipt", output);
    }

    private static async Task<(string Learner, string Department)> LearnerWithBadge(GamifiedServer server)
    {
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        (await server.Client.PostAsync("mutation($input: AwardBadgeInput!) { awardBadge(input: $input) { earnedBadge { badgeId } userErrors { code message field } } }",
            new { input = new { learnerId = learner, badgeId = "data-pioneer", reason = "主持了部门数据共享试点" } })).AssertNoErrors();
        return (learner, department);
    }

    private async Task<IPage> OpenCredentials(GamifiedServer server, string learner, string department)
    {
        var page = await browser.Browser.NewPageAsync(server.Address, width: 390, height: 844);
        await WebSession.SignInAsync(page, WebSession.Token(server, learner, [Roles.Learner], [department]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的证书" }).ClickAsync();
        return page;
    }
}
