using Gamified.Server.Hosting;
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
        var app = GamifiedHost.Build(args);
        var projection = app.Services.GetRequiredService<BoardProjection>();
        var total = await projection.Rebuild(applied => Console.WriteLine($"… {applied:N0} ledger entries projected"));
        Console.WriteLine($"Leaderboards rebuilt from {total:N0} ledger entries.");
        return 0;
    }
}
