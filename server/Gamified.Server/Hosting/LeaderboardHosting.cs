using Gamified.Api.Live;
using Gamified.Leaderboards;
using Gamified.Rewards;
using Gamified.Storage;
using Gamified.Storage.Leaderboards;

namespace Gamified.Server.Hosting;

internal static class LeaderboardHosting
{
    public static void AddGamifiedLeaderboards(this WebApplicationBuilder builder)
    {
        builder.Services.AddGamifiedBoardStore<LiveEvents>(builder.Configuration);
        builder.Services.AddSingleton(sp =>
        {
            var projection = new BoardProjection(sp.GetRequiredService<ILeaderboardStore>(), sp.GetRequiredService<LedgerFeed>(),
                sp.GetRequiredService<LeaderboardOptions>(), sp.GetRequiredService<RewardSettings>().Zone, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ICampaignSource>());
            var live = sp.GetRequiredService<Gamified.Live.ILiveEvents>();
            var clock = sp.GetRequiredService<TimeProvider>();
            projection.Moved += version => live.Publish(new Gamified.Live.BoardsMovedEvent(version, clock.GetUtcNow()));
            return projection;
        });
        builder.Services.AddSingleton<ILeaderboardRebuild>(sp => sp.GetRequiredService<BoardProjection>());
        // Keeps the boards a projection of the ledger (see BoardProjection). Awards never wait for it; when the store is
        // away it backs off, and when the store comes back without a cursor (Redis flushed or restarted empty) the
        // projection clears the boards and projects again from the first entry.
        builder.Services.AddSingleton<IHostedService>(sp => new ProjectionLoop("leaderboards",
            async _ => await sp.GetRequiredService<BoardProjection>().Step() == BoardProjection.BatchSize,
            TimeSpan.FromMilliseconds(200), sp.GetRequiredService<ILogger<ProjectionLoop>>(),
            sp.GetRequiredService<Gamified.Telemetry.GamifiedMetrics>()));
    }
}
