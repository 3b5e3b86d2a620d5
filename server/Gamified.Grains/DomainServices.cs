using Gamified.Analytics;
using Gamified.Common;
using Gamified.Content;
using Gamified.Leaderboards;
using Gamified.Learners;
using Gamified.Rewards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gamified;

/// <summary>The domain's own services beside the grains: settings, the content catalogue, rewards maths and projections.</summary>
public static class DomainServices
{
    public static IServiceCollection AddGamifiedDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RewardSettings>(configuration, RewardSettings.Section, o =>
            TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _) ? null : $"TimeZone '{o.TimeZone}' is not a known time zone id.");
        services.AddValidatedOptions<PrivacyOptions>(configuration, PrivacyOptions.Section, o => o.Problem());
        services.AddValidatedOptions<AnalyticsOptions>(configuration, AnalyticsOptions.Section, o =>
            o.MinGroupSize < 1 ? "MinGroupSize is at least 1." : o.SettleTime < TimeSpan.Zero ? "SettleTime is not negative." : null);
        services.AddValidatedOptions<Notifications.NotificationOptions>(configuration, Notifications.NotificationOptions.Section, o => o.Problem());
        // Tests may bring their own clock (registered before this runs).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Telemetry.GamifiedMetrics>();
        services.AddSingleton<Pseudonyms>();
        services.AddSingleton<PackageCatalog>();
        services.AddSingleton<DryRun>();
        services.AddSingleton<Recalculation>();
        services.AddSingleton<ICampaignSource, SchemeCampaigns>();
        services.AddSingleton(sp => new AnalyticsProjection(sp.GetRequiredService<IAnalyticsStore>(), sp.GetRequiredService<AnalyticsOptions>(),
            sp.GetRequiredService<RewardSettings>().Zone, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
