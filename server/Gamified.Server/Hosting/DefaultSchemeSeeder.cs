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
        // Nodes of a cluster starting together race here; the scheme's grain takes them one at a time, and whoever
        // comes second finds the work done.
        try
        {
            if (await scheme.Get() is null) await scheme.Create(DefaultScheme.Definition, "system");
            if ((await scheme.Get())!.Versions.Any(v => v.Status == SchemeStatus.Active)) return;
            await scheme.Activate(clock.GetUtcNow(), "system");
        }
        catch (DomainException done) when (done.Code == ErrorCodes.Conflict)
        {
            return;
        }
        logger.LogInformation("Activated the default reward scheme");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
