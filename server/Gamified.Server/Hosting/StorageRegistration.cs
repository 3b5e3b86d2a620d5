using Microsoft.Extensions.DependencyInjection.Extensions;
using Gamified.Rewards;
using Gamified.Storage.Database;
using Gamified.Storage.Ledger;
using Gamified.Storage.Schema;

namespace Gamified.Server.Hosting;

internal static class StorageRegistration
{
    public static (StorageOptions Options, GamifiedDatabase Database) AddGamifiedStorage(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var database = GamifiedDatabase.FromOptions(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<SchemaInstaller>();
        builder.Services.AddSingleton<GroupCommitter>();
        builder.Services.AddSingleton<ILedgerStore, SqlLedgerStore>();
        builder.Services.AddSingleton<BadgeStatusStore>();
        builder.Services.AddSingleton<Gamified.Storage.Teams.TeamMembership>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(RewardSettings.Section).Get<RewardSettings>() ?? new RewardSettings());
        builder.Services.AddSingleton<Gamified.Storage.Plans.PlanProgressStore>();
        builder.Services.AddSingleton<Gamified.Storage.Secrets.ServerSecrets>();
        builder.Services.AddSingleton((builder.Configuration.GetSection(Gamified.Learners.PrivacyOptions.Section).Get<Gamified.Learners.PrivacyOptions>()
            ?? new Gamified.Learners.PrivacyOptions()).Validated());
        builder.Services.AddSingleton<Gamified.Learners.Pseudonyms>();
        // Tests may bring their own clock (registered before this runs).
        builder.Services.TryAddSingleton(TimeProvider.System);
        return (options, database);
    }
}
