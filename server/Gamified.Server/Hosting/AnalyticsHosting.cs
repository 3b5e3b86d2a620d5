using Gamified.Analytics;
using Gamified.Api.Exports;
using Gamified.Common;
using Gamified.Storage.Database;

namespace Gamified.Server.Hosting;

internal static class AnalyticsHosting
{
    public static void AddGamifiedAnalytics(this WebApplicationBuilder builder, StorageOptions storage)
    {
        // Keeps the analytics tables up with `activities`; reports never wait for it.
        builder.Services.AddSingleton<IHostedService>(sp => new ProjectionLoop("analytics",
            async _ => await sp.GetRequiredService<AnalyticsProjection>().Step() == AnalyticsProjection.BatchSize,
            TimeSpan.FromMilliseconds(250), sp.GetRequiredService<ILogger<ProjectionLoop>>(),
            sp.GetRequiredService<Gamified.Telemetry.GamifiedMetrics>()));

        var credentials = builder.Services.AddValidatedOptions<CredentialOptions>(builder.Configuration, CredentialOptions.Section);
        // The key is read (or created) on first use, so commands such as print-schema leave the data directory alone.
        builder.Services.AddSingleton(sp => new BadgeCredentials(credentials, sp.GetRequiredService<Gamified.Content.PackageCatalog>(),
            BadgeCredentials.LoadKey(credentials, storage.DataDirectory)));
        builder.Services.AddSingleton<BadgeStatusList>();
    }
}
