namespace Gamified.Tests.Web;

/// <summary>One headless Chromium per test class; each test opens its own context (own storage) on its own server.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private Browser? _browser;

    public Browser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
    }
}
