using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gamified.Tests.Web;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright's .NET driver. The browser is the one the test script installs
/// (GAMIFIED_TEST_CHROMIUM, else /usr/bin/chromium); Playwright never downloads one.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Chromium = browser;
    }

    public IBrowser Chromium { get; }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("GAMIFIED_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: run the tests through ops/test.sh, which installs it.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=zh-CN",
            ],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh context (its own storage) and page on the server, at phone or desktop size. <paramref name="bypassCsp"/>
    /// lets a test inject a script (axe) past the pages' Content-Security-Policy, for that context only.</summary>
    public async Task<IPage> NewPageAsync(Uri server, int width = 1280, int height = 900, bool bypassCsp = false)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return page;
    }

    /// <summary>Saves a full-page screenshot under the test output (TestResults/screenshots beside the test assembly).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, ITestOutputHelper? output = null)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output?.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.CloseAsync();
        _playwright.Dispose();
    }
}
