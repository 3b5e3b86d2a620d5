using Gamified.Common;
using Gamified.Rewards;

namespace Gamified.Server.Hosting;

/// <summary>On a server with no reward scheme at all, creates and activates <see cref="DefaultScheme"/>.</summary>
internal sealed class DefaultSchemeSeeder(IGrainFactory grains, TimeProvider clock, ILogger<DefaultSchemeSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registry = grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key);
        if ((await registry.SchemeIds()).Count > 0) return;
        var scheme = grains.RewardScheme(DefaultScheme.Id);
        if (await scheme.Get() is null) await scheme.Create(DefaultScheme.Definition, "system");
        await scheme.Activate(clock.GetUtcNow(), "system");
        logger.LogInformation("Activated the default reward scheme");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
