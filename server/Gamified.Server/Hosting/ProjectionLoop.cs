using Polly;
using Polly.Retry;

namespace Gamified.Server.Hosting;

/// <summary>
/// The one loop behind every projection that tails a table (the boards of the ledger, the analytics of the statements):
/// step while full batches come back, idle a moment when caught up, and when a step fails (the database or Redis away)
/// back off exponentially with jitter, up to five seconds so a store that returns is used again soon. The first failure
/// of a run is a warning with its exception, the retries after it are debug, and recovery is logged once: a store away
/// for an hour leaves one warning and one information line, not 3,600 warnings. Register each loop as its own
/// <c>IHostedService</c> singleton: <c>AddHostedService</c> keeps only the first registration of a type.
/// </summary>
public sealed class ProjectionLoop(string name, Func<CancellationToken, Task<bool>> step, TimeSpan idle, ILogger<ProjectionLoop> logger)
    : BackgroundService
{
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            // Everything, a step's own timeout included; shutdown ends the retries through the cancellation token.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(5),
            OnRetry = args =>
            {
                if (args.AttemptNumber == 0) logger.LogWarning(args.Outcome.Exception, "The {Projection} projection is behind; retrying with backoff", name);
                else logger.LogDebug(args.Outcome.Exception, "The {Projection} projection failed again (attempt {Attempt}); next try in {Delay}",
                    name, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var attempts = 0;
                var more = await _retry.ExecuteAsync(async ct =>
                {
                    attempts++;
                    return await step(ct);
                }, stoppingToken);
                if (attempts > 1) logger.LogInformation("The {Projection} projection caught up again after {Failures} failed attempts", name, attempts - 1);
                if (!more) await Task.Delay(idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
