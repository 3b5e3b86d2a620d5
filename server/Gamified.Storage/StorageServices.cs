using Microsoft.Extensions.DependencyInjection.Extensions;
using Gamified.Activity;
using Gamified.Analytics;
using Gamified.Audit;
using Gamified.Common;
using Gamified.Content;
using Gamified.Leaderboards;
using Gamified.Ledger;
using Gamified.Live;
using Gamified.Plans;
using Gamified.Secrets;
using Gamified.Storage.Activity;
using Gamified.Storage.Analytics;
using Gamified.Storage.Audit;
using Gamified.Storage.Content;
using Gamified.Storage.Database;
using Gamified.Storage.Leaderboards;
using Gamified.Storage.Ledger;
using Gamified.Storage.Live;
using Gamified.Storage.Plans;
using Gamified.Storage.Schema;
using Gamified.Storage.Secrets;
using Gamified.Storage.Teams;
using Gamified.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Gamified.Storage;

/// <summary>The adapters: the relational database behind every store port, and the board store (Redis or in process).</summary>
public static class StorageServices
{
    /// <summary>The database (SQLite by default, PostgreSQL when configured) and every port it implements.</summary>
    public static (StorageOptions Options, GamifiedDatabase Database) AddGamifiedStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section, o =>
            o.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(o.ConnectionString)
                ? "ConnectionString is required when Provider is Postgres."
                : o.MaxConcurrentCommands < 2 ? "MaxConcurrentCommands is at least 2 (the ledger's writer keeps one)."
                : o.ServerRole is { } role && !SchemaInstaller.IsPlainRoleName(role) ? "ServerRole is 1-63 lower-case letters, digits or '_', starting with a letter or '_'."
                : null);
        var database = GamifiedDatabase.FromOptions(options);
        services.AddSingleton(database);
        services.TryAddSingleton<Gamified.Telemetry.GamifiedMetrics>();
        services.AddSingleton(sp => new SchemaInstaller(database, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SchemaInstaller>>(), options.ServerRole));
        services.AddSingleton<GroupCommitter>();
        services.AddSingleton<ILedgerStore, SqlLedgerStore>();
        services.AddSingleton<Gamified.Learners.ILearnerDirectory, People.SqlLearnerDirectory>();
        services.AddSingleton<ILedgerVerifier, LedgerVerifier>();
        services.AddSingleton<Gamified.Ledger.Log.ILedgerLog, SqlLedgerLog>();
        services.AddSingleton<LedgerLogAudit>();
        services.AddSingleton<IBadgeStatusStore, BadgeStatusStore>();
        services.AddSingleton<ITeamMembership, TeamMembership>();
        services.AddSingleton<IPlanProgressStore, PlanProgressStore>();
        services.AddSingleton<Gamified.Records.ITrainingRecordStore, Gamified.Storage.Records.TrainingRecordStore>();
        services.AddSingleton<IServerSecrets, ServerSecrets>();
        services.AddSingleton<IActivityHistory, ActivityHistory>();
        services.AddSingleton<IAuditStore, AuditStore>();
        services.AddSingleton<Gamified.Xapi.IXapiStatementStore, Xapi.SqlXapiStatementStore>();
        services.AddSingleton<Gamified.Xapi.IXapiDocumentStore, Xapi.SqlXapiDocumentStore>();
        services.AddSingleton<IPackageStore, PackageStore>();
        services.AddSingleton<IPackageApprovalStore, PackageApprovalStore>();
        services.AddSingleton<IAnalyticsStore, AnalyticsStore>();
        services.AddSingleton<IStatementExport, StatementExport>();
        services.AddSingleton<IActivityRatesStore, ActivityRatesStore>();
        services.AddSingleton<IDepartmentFigures, DepartmentFigures>();
        services.AddSingleton<IStoreFailures, StoreFailures>();
        services.AddSingleton<Gamified.Notifications.INotificationStore, Notifications.NotificationStore>();
        services.AddSingleton<Gamified.Notifications.INotificationOutbox, Notifications.NotificationOutbox>();
        return (options, database);
    }

    /// <summary>
    /// The board store: Redis when <c>Leaderboards:Redis</c> is set (then live events travel through it to every
    /// node too), else in this process. <typeparamref name="TLocalEvents"/> is the node's own event hub.
    /// </summary>
    public static LeaderboardOptions AddGamifiedBoardStore<TLocalEvents>(this IServiceCollection services, IConfiguration configuration)
        where TLocalEvents : class, ILiveEvents
    {
        var options = services.AddValidatedOptions<LeaderboardOptions>(configuration, LeaderboardOptions.Section, o =>
            o.MinActiveLearners < 1 ? "MinActiveLearners is at least 1." :
            o.SettleTime < TimeSpan.Zero ? "SettleTime is not negative." :
            o.PageCacheTime < TimeSpan.Zero || o.PageCacheTime > TimeSpan.FromMinutes(1) ? "PageCacheTime is between 0 and one minute." : null);
        services.AddSingleton<LedgerFeed>();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            services.AddSingleton<ILeaderboardStore, InProcessLeaderboardStore>();
            services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<TLocalEvents>());
            return options;
        }
        var redis = ConfigurationOptions.Parse(options.Redis);
        redis.AbortOnConnectFail = false;   // the server runs (and awards) while Redis is away
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddSingleton<ILeaderboardStore>(sp => new RedisLeaderboardStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.RedisKeyPrefix));
        // Events travel through Redis to every node, this one included.
        services.AddSingleton<ILiveEvents>(sp => new RedisLiveEvents(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<TLocalEvents>(), options.RedisKeyPrefix + "live"));
        return options;
    }
}
