namespace Gamified.Plugins.Rendering;

/// <summary>A render that could not start in time because others hold every slot; the caller may try again shortly.</summary>
public sealed class RenderBusyException() : Exception("Too many lessons are being rendered right now; try again shortly.");

/// <summary>
/// Where lesson templates run. A render is CPU work of up to the sandbox's time limit; run inside a grain's turn
/// or on a request's thread it holds a thread that grain calls need, and fifty learners opening a hostile slow
/// lesson would take them all. So renders run on threads of their own, at most half the processors at once
/// (at least one); the rest wait their turn asynchronously, holding no thread, and a render that cannot start
/// within <see cref="QueueLimit"/> is refused as busy. Slow lessons queue behind each other, not in front of
/// everyone else. The sandbox's time limit applies to each render once it starts.
/// </summary>
public static class RenderSlots
{
    public static int Count { get; } = Math.Max(1, Environment.ProcessorCount / 2);

    public static TimeSpan QueueLimit { get; } = TimeSpan.FromSeconds(10);

    private static readonly SemaphoreSlim Slots = new(Count);

    public static async Task<string> RunAsync(Func<string> render)
    {
        if (!await Slots.WaitAsync(QueueLimit).ConfigureAwait(false)) throw new RenderBusyException();
        try
        {
            // LongRunning: a thread of its own, not one of the pool's, which grains and requests share.
            return await Task.Factory.StartNew(render, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .ConfigureAwait(false);
        }
        finally
        {
            Slots.Release();
        }
    }
}
