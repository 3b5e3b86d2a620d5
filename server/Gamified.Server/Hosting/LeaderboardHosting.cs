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
        builder.Services.AddHostedService<LeaderboardProjector>();
    }
}

/// <summary>
/// Keeps the boards a projection of the ledger: tails the ledger in append order and applies each batch to the
/// boards together with the new checkpoint, atomically. Awards never wait for it; when the store is away the
/// projector retries, and when the store comes back empty (checkpoint 0) it rebuilds from the first entry.
/// </summary>
internal sealed class LeaderboardProjector(ILeaderboardStore store, LedgerFeed feed, RewardSettings settings, LeaderboardOptions options,
    TimeProvider clock, ILogger<LeaderboardProjector> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastSeen = -1L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var checkpoint = await store.Checkpoint();
                if (checkpoint == 0 && lastSeen != 0) await store.ClearAll();   // boards without a checkpoint cannot be trusted
                lastSeen = checkpoint;
                var batch = await feed.After(checkpoint, BatchSize, clock.GetUtcNow() - options.SettleTime);
                if (batch.Count > 0)
                {
                    var adds = batch.Where(e => e.Amount != 0).SelectMany(Adds).ToList();
                    await store.Apply(checkpoint, batch[^1].Position, adds);
                    if (batch.Count == BatchSize) continue;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception problem)
            {
                logger.LogWarning(problem, "Leaderboards are behind the ledger; retrying");
                lastSeen = -1;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private IEnumerable<BoardAdd> Adds(FedEntry e) =>
        BoardNames.WindowsOf(e.OccurredAt, settings.Zone).SelectMany(window => new[]
        {
            new BoardAdd(BoardNames.Learners(window), e.LearnerId, e.Amount, e.OccurredAt),
            new BoardAdd(BoardNames.DepartmentLearners(e.DepartmentId, window), e.LearnerId, e.Amount, e.OccurredAt),
            new BoardAdd(BoardNames.DepartmentTotals(window), e.DepartmentId, e.Amount, e.OccurredAt),
        });
}
