using System.Diagnostics;

/// <summary>
/// Clients that each send their next call as soon as the last one answered (a closed loop), for a fixed time; every
/// client keeps its own histogram (they are not thread-safe) and they are added up at the end.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="yieldFirst">Each call first goes back to the thread pool's queue and is timed from before that: for
    /// calls that finish without awaiting anything (in-memory stores), so that many clients take turns as a server's
    /// requests would, and the wait for a thread counts in their latency.</param>
    public static async Task<(double PerSecond, LatencyHistogram Histogram)> Run(
        int clients, TimeSpan duration, Func<Random, Task> operation, bool yieldFirst = false)
    {
        var total = new LatencyHistogram();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var histogram = new LatencyHistogram();
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (yieldFirst) await Task.Yield();
                await operation(random);
                histogram.Record(Stopwatch.GetElapsedTime(started));
            }
            lock (total) total.Add(histogram);
        })));
        return (total.Count / stopwatch.Elapsed.TotalSeconds, total);
    }
}
