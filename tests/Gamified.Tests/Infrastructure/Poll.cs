using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// Waits for something the server does in the background (boards, fan-out, a watched folder) to show: reads until the
/// answer is the expected one, for at most 30 seconds. Tests wait with this, never with a fixed sleep.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<JsonNode> Until(Func<Task<JsonNode>> read, Func<JsonNode, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            JsonNode value;
            try
            {
                value = await read();
            }
            catch (Xunit.Sdk.XunitException) when (watch.Elapsed < Limit)
            {
                // A read that failed while a dependency was away (Redis restarting): try again.
                await Task.Delay(300);
                continue;
            }
            if (done(value)) return value;
            Assert.True(watch.Elapsed < Limit, $"The projection did not catch up: {value.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Until <paramref name="condition"/> holds; fails with <paramref name="what"/> (what never happened) after the limit (30 s unless given).</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        var within = limit ?? Limit;
        while (!await condition())
        {
            Assert.True(watch.Elapsed < within, $"Not within {within.TotalSeconds:0} s: {what}");
            await Task.Delay(200);
        }
    }
}
