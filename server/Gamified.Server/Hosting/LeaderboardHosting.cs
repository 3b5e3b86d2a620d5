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
        builder.Services.AddHostedService<LeaderboardProjector>();
    }
}

/// <summary>
/// Keeps the boards a projection of the ledger (see <see cref="BoardProjection"/>). Awards never wait for it;
/// when the store is away it retries, and when the store comes back without a cursor (Redis flushed or
/// restarted empty) it clears the boards and projects again from the first entry.
/// </summary>
internal sealed class LeaderboardProjector(BoardProjection projection, ILogger<LeaderboardProjector> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await projection.Step() == BoardProjection.BatchSize) continue;
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception problem)
            {
                logger.LogWarning(problem, "Leaderboards are behind the ledger; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
