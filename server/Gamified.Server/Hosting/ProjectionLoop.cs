using System.Diagnostics;
using Gamified.Telemetry;
using Polly;
using Polly.Retry;

namespace Gamified.Server.Hosting;

/// <summary>
/// The one loop behind every projection that tails a table (the boards of the ledger, the analytics of the statements):
/// step while full batches come back, idle a moment when caught up, and when a step fails (the database or Redis away)
/// back off exponentially with jitter, up to five seconds so a store that returns is used again soon. The first failure
/// of a run is a warning with its exception, the retries after it are debug, and recovery is logged once: a store away
/// for an hour leaves one warning and one information line, not 3,600 warnings. Register each loop as its own
/// <c>IHostedService</c> singleton: <c>AddHostedService</c> keeps only the first registration of a type. Its lag (how long
/// since it last reached the end of its table) is the <c>gamified.projection.lag</c> gauge and part of readiness.
/// </summary>
public sealed class ProjectionLoop : BackgroundService
{
    private readonly string _name;
    private readonly Func<CancellationToken, Task<bool>> _step;
    private readonly TimeSpan _idle;
    private readonly ILogger<ProjectionLoop> _logger;
    private readonly ResiliencePipeline _retry;

    // Stopwatch ticks, monotonic; a node that starts behind counts its lag from its start.
    private long _caughtUpAt = Stopwatch.GetTimestamp();
    private volatile bool _caughtUp;
    private volatile bool _failing;

    public ProjectionLoop(string name, Func<CancellationToken, Task<bool>> step, TimeSpan idle, ILogger<ProjectionLoop> logger,
        GamifiedMetrics metrics)
    {
        _name = name;
        _step = step;
        _idle = idle;
        _logger = logger;
        _retry = BuildRetry();
        metrics.ObserveProjection(name, () => Lag);
    }

    public string Name => _name;

    /// <summary>Zero while caught up; else how long since the projection last reached the end of its table.</summary>
    public TimeSpan Lag => _caughtUp ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Interlocked.Read(ref _caughtUpAt));

    /// <summary>The last step failed (its store away): the lag is the store's absence, not a backlog.</summary>
    public bool Failing => _failing;

    private ResiliencePipeline BuildRetry() => new ResiliencePipelineBuilder()
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
                _failing = true;
                _caughtUp = false;
                if (args.AttemptNumber == 0) _logger.LogWarning(args.Outcome.Exception, "The {Projection} projection is behind; retrying with backoff", _name);
                else _logger.LogDebug(args.Outcome.Exception, "The {Projection} projection failed again (attempt {Attempt}); next try in {Delay}",
                    _name, args.AttemptNumber + 1, args.RetryDelay);
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
                    return await _step(ct);
                }, stoppingToken);
                if (attempts > 1) _logger.LogInformation("The {Projection} projection caught up again after {Failures} failed attempts", _name, attempts - 1);
                _failing = false;
                if (!more)
                {
                    Interlocked.Exchange(ref _caughtUpAt, Stopwatch.GetTimestamp());
                    _caughtUp = true;
                    await Task.Delay(_idle, stoppingToken);
                }
                else if (_caughtUp)
                {
                    // A full batch: behind again, since the last time it was at the end.
                    _caughtUp = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
