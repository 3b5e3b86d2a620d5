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
        // Keeps the analytics tables up with `activities`; reports never wait for it.
        builder.Services.AddSingleton<IHostedService>(sp => new ProjectionLoop("analytics",
            async _ => await sp.GetRequiredService<AnalyticsProjection>().Step() == AnalyticsProjection.BatchSize,
            TimeSpan.FromMilliseconds(250), sp.GetRequiredService<ILogger<ProjectionLoop>>()));

        var credentials = builder.Configuration.GetSection(CredentialOptions.Section).Get<CredentialOptions>() ?? new CredentialOptions();
        builder.Services.AddSingleton(credentials);
        // The key is read (or created) on first use, so commands such as print-schema leave the data directory alone.
        builder.Services.AddSingleton(sp => new BadgeCredentials(credentials, sp.GetRequiredService<Gamified.Content.PackageCatalog>(),
            BadgeCredentials.LoadKey(credentials, storage.DataDirectory)));
        builder.Services.AddSingleton<BadgeStatusList>();
    }
}
