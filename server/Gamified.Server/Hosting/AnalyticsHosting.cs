using Gamified.Analytics;
using Gamified.Api.Exports;
using Gamified.Rewards;
using Gamified.Storage.Analytics;
using Gamified.Storage.Database;

namespace Gamified.Server.Hosting;

internal static class AnalyticsHosting
{
    public static void AddGamifiedAnalytics(this WebApplicationBuilder builder, StorageOptions storage)
    {
        var options = builder.Configuration.GetSection(AnalyticsOptions.Section).Get<AnalyticsOptions>() ?? new AnalyticsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AnalyticsStore>();
        builder.Services.AddSingleton(sp => new AnalyticsProjection(sp.GetRequiredService<AnalyticsStore>(), options,
            sp.GetRequiredService<RewardSettings>().Zone, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<AnalyticsProjector>();

        var credentials = builder.Configuration.GetSection(CredentialOptions.Section).Get<CredentialOptions>() ?? new CredentialOptions();
        builder.Services.AddSingleton(credentials);
        // The key is read (or created) on first use, so commands such as print-schema leave the data directory alone.
        builder.Services.AddSingleton(sp => new BadgeCredentials(credentials, sp.GetRequiredService<Gamified.Content.PackageCatalog>(),
            BadgeCredentials.LoadKey(credentials, storage.DataDirectory)));
        builder.Services.AddSingleton<BadgeStatusList>();
    }
}

/// <summary>Keeps the analytics tables up with <c>activities</c> (see <see cref="AnalyticsProjection"/>); reports never wait for it.</summary>
internal sealed class AnalyticsProjector(AnalyticsProjection projection, ILogger<AnalyticsProjector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await projection.Step() == AnalyticsProjection.BatchSize) continue;
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception problem)
            {
                logger.LogWarning(problem, "Analytics are behind the recorded activity; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
