using Orleans.Runtime;

namespace Gamified.Api.Common;

/// <summary>
/// Sends an idempotent grain call again when it failed because the node holding the grain left the cluster (stopped in a
/// rolling restart, or died) while the call was on its way. The grain is placed on a remaining node by the next call, so a
/// node leaving gracefully costs the client nothing; a node that died keeps failing until the cluster declares it dead
/// (seconds), and then the caller is told SERVICE_UNAVAILABLE as before. Only for calls that are safe to repeat:
/// <c>recordActivity</c> is, by its idempotency key (a repeat of one that got through is answered as a replay).
/// </summary>
public static class SiloDepartures
{
    /// <summary>Five tries over about 3.5 s: a graceful departure shows in the directory within a second here (more on a
    /// busy machine), and 3.5 s is far under the request's 30 s limit.</summary>
    private static readonly TimeSpan[] Pauses =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(2000)];

    public static async Task<T> RetryIdempotent<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception departed) when (departed is SiloUnavailableException or OrleansMessageRejectionException && attempt < Pauses.Length)
            {
                await Task.Delay(Pauses[attempt]);
            }
        }
    }
}
