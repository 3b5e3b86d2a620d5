using Gamified.Server.Hosting;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Gamified.Tests.Hosting;

/// <summary>The loop behind the board and analytics projections: it rides out a failing store without a warning per retry.</summary>
[Trait("Category", "Unit")]
public sealed class ProjectionLoopTests
{
    [Fact]
    public async Task a_run_of_failures_is_one_warning_then_one_recovery_and_the_loop_goes_on()
    {
        var logger = new ListLogger();
        var calls = 0;
        var caughtUp = new TaskCompletionSource();
        var failing = new List<bool>();
        ProjectionLoop? loop = null;
        loop = new ProjectionLoop("test", _ =>
        {
            var call = Interlocked.Increment(ref calls);
            lock (failing) failing.Add(loop!.Failing);
            if (call <= 4) throw new InvalidOperationException("store away");
            if (call == 6) caughtUp.TrySetResult();
            return Task.FromResult(call < 6);   // calls 5 and 6 "read full batches"; after that, idle
        }, TimeSpan.FromMilliseconds(10), logger, TestMetrics.Create());

        Assert.True(loop.Lag > TimeSpan.Zero);   // behind from the start until it first reaches the end
        await loop.StartAsync(CancellationToken.None);
        await caughtUp.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Poll.Until(() => Task.FromResult(loop.Lag == TimeSpan.Zero), "the loop to report it caught up");
        await loop.StopAsync(CancellationToken.None);

        // Failing while the store was away (seen by the retries), not once a step succeeded.
        lock (failing) Assert.Equal([false, true, true, true, true, false], failing.Take(6));
        Assert.False(loop.Failing);

        Assert.Single(logger.Records, r => r.Level == LogLevel.Warning);
        Assert.Equal(3, logger.Records.Count(r => r.Level == LogLevel.Debug));
        Assert.Single(logger.Records, r => r.Level == LogLevel.Information && r.Message.Contains("4 failed attempts"));
    }

    private sealed class ListLogger : ILogger<ProjectionLoop>
    {
        private readonly List<(LogLevel Level, string Message)> _records = [];

        public IReadOnlyList<(LogLevel Level, string Message)> Records
        {
            get { lock (_records) return _records.ToList(); }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_records) _records.Add((logLevel, formatter(state, exception)));
        }
    }
}
