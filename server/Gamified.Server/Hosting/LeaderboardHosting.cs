using Gamified.Rewards;
using Gamified.Storage.Leaderboards;
using StackExchange.Redis;

namespace Gamified.Server.Hosting;

internal static class LeaderboardHosting
{
    public static void AddGamifiedLeaderboards(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LeaderboardOptions.Section).Get<LeaderboardOptions>() ?? new LeaderboardOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<LedgerFeed>();
        builder.Services.AddSingleton<ICampaignSource, SchemeCampaigns>();
        builder.Services.AddSingleton<DepartmentFigures>();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            builder.Services.AddSingleton<ILeaderboardStore, InProcessLeaderboardStore>();
        }
        else
        {
            var configuration = ConfigurationOptions.Parse(options.Redis);
            configuration.AbortOnConnectFail = false;   // the server runs (and awards) while Redis is away
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
            builder.Services.AddSingleton<ILeaderboardStore>(sp => new RedisLeaderboardStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.RedisKeyPrefix));
        }
        builder.Services.AddSingleton(sp =>
        {
            var projection = new BoardProjection(sp.GetRequiredService<ILeaderboardStore>(), sp.GetRequiredService<LedgerFeed>(),
                options, sp.GetRequiredService<RewardSettings>().Zone, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ICampaignSource>());
            var live = sp.GetRequiredService<Gamified.Live.ILiveEvents>();
            var clock = sp.GetRequiredService<TimeProvider>();
            projection.Moved += version => live.Publish(new Gamified.Live.BoardsMovedEvent(version, clock.GetUtcNow()));
            return projection;
        });
        // Keeps the boards a projection of the ledger (see BoardProjection). Awards never wait for it; when the store is
        // away it backs off, and when the store comes back without a cursor (Redis flushed or restarted empty) the
        // projection clears the boards and projects again from the first entry.
        builder.Services.AddSingleton<IHostedService>(sp => new ProjectionLoop("leaderboards",
            async _ => await sp.GetRequiredService<BoardProjection>().Step() == BoardProjection.BatchSize,
            TimeSpan.FromMilliseconds(200), sp.GetRequiredService<ILogger<ProjectionLoop>>()));
    }
}
