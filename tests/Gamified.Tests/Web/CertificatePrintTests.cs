using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.Plans;
using Microsoft.Playwright;

namespace Gamified.Tests.Web;

/// <summary>
/// A learner issues their certificate from their record page and opens it; Chromium prints it (the same PDF output as
/// <c>chromium --headless --print-to-pdf</c>, through the browser the other page tests drive): one A4 page, carrying the
/// learner's name and the verification code.
/// </summary>
[Collection(SqlitePlanCollection.Name)]
public sealed partial class CertificatePrintTests(SqlitePlanFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_certificate_prints_on_one_a4_page_with_the_name_and_the_code()
    {
        var department = await new Scenario(fixture.Server.Client).CreateDepartmentAsync();
        var learnerId = await new Scenario(fixture.Server.Client).RegisterLearnerAsync(department, displayName: "欧阳晓明");
        // The learner opens their year, issues the certificate and follows its link.
        var page = await browser.Browser.NewPageAsync(fixture.Server.Address);
        await WebSession.SignInAsync(page, WebSession.Token(fixture.Server, learnerId, [Roles.Learner], [department]));
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我的学时" }).ClickAsync();
        await Assertions.Expect(page.Locator("#record-hours")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "training-record");
        await page.Locator("#issue-certificate").ClickAsync();
        var link = page.Locator("#certificate-issued a");
        await Assertions.Expect(link).ToBeVisibleAsync();
        var url = await link.GetAttributeAsync("href");
        var code = url!.Split('/')[^1];
        await page.GotoAsync(url);
        await Assertions.Expect(page.GetByText("真实有效", new() { Exact = false })).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Browser.ScreenshotAsync(page, "certificate-print");
        var pdf = await page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });

        var text = Readable(pdf);
        var pages = PageObject().Matches(text);
        Assert.Single(pages);
        // A4 is 595.28 × 841.89 points; Chromium rounds the media box to its own units.
        var box = MediaBox().Match(text);
        Assert.True(box.Success, "The page has a media box.");
        Assert.InRange(double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 594, 597);
        Assert.InRange(double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 841, 843);
        // The document title carries name and code (UTF-16 in the PDF's metadata); the code is also the verification link.
        Assert.Contains("欧阳晓明", text);
        Assert.Contains(code, text);
    }

    /// <summary>The PDF's objects with their streams inflated and its UTF-16 strings decoded, to search as text.</summary>
    private static string Readable(byte[] pdf)
    {
        var raw = Encoding.Latin1.GetString(pdf);
        var text = new StringBuilder(raw);
        foreach (Match stream in StreamBody().Matches(raw))
        {
            try
            {
                using var inflate = new ZLibStream(new MemoryStream(Encoding.Latin1.GetBytes(stream.Groups[1].Value)), CompressionMode.Decompress);
                using var reader = new StreamReader(inflate, Encoding.Latin1);
                text.Append(reader.ReadToEnd());
            }
            catch (InvalidDataException)
            {
                // Not a deflated stream (fonts, images): nothing to read in it.
            }
        }
        foreach (Match hex in Utf16Hex().Matches(text.ToString()))
            text.Append(Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex.Groups[1].Value)));
        return text.ToString();
    }

    [GeneratedRegex(@"/Type\s*/Page(?![a-zA-Z])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex(@"stream\r?\n(.*?)\r?\nendstream", RegexOptions.Singleline)]
    private static partial Regex StreamBody();

    [GeneratedRegex(@"<FEFF((?:[0-9A-Fa-f]{4})+)>")]
    private static partial Regex Utf16Hex();
}
