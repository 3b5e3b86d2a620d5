using OpenIddict.Abstractions;

namespace Gamified.Server.Identity;

/// <summary>Registers the web pages' client with the provider on start, and brings an older registration up to date.</summary>
internal sealed class WebClientRegistration(IOpenIddictApplicationManager applications)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var descriptor = WebPagesClient.Descriptor();
        var existing = await applications.FindByClientIdAsync(WebPagesClient.ClientId, cancellationToken);
        if (existing is null)
        {
            try
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
            catch (Exception)
            {
                // Another node may have registered it at the same time; anything else is a real failure.
                if (await applications.FindByClientIdAsync(WebPagesClient.ClientId, cancellationToken) is null) throw;
            }
            return;
        }
        await applications.UpdateAsync(existing, descriptor, cancellationToken);
    }
}
