using Gamified.Leaderboards;
using Gamified.Storage.Leaderboards;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>rebuild-leaderboards [configuration overrides]</c>: clears the boards and projects the whole ledger
/// again, printing progress. Meant for Redis-backed boards (the in-process boards live in the server itself
/// and rebuild on every start).
/// </summary>
public static class RebuildLeaderboardsCommand
{
    public static async Task<int> Run(string[] args)
    {
        var app = CommandLine.BuildHost(args);
        // The silo does not run here, so campaigns (which come from the reward schemes) are left out: the server's
        // projector counts each of them from the ledger when it next runs.
        var services = app.Services;
        var projection = new BoardProjection(services.GetRequiredService<ILeaderboardStore>(), services.GetRequiredService<LedgerFeed>(),
            services.GetRequiredService<LeaderboardOptions>(), services.GetRequiredService<Gamified.Rewards.RewardSettings>().Zone,
            services.GetRequiredService<TimeProvider>(), new NoCampaigns());
        var total = await projection.Rebuild(applied => Console.WriteLine($"… {applied:N0} ledger entries projected"));
        Console.WriteLine($"Leaderboards rebuilt from {total:N0} ledger entries.");
        return 0;
    }
}
