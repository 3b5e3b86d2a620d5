using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gamified.Tests.Infrastructure;

/// <summary>Waits for a projection (boards, fan-out) to catch up: reads until the answer is the expected one.</summary>
public static class Poll
{
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
            catch (Xunit.Sdk.XunitException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                // A read that failed while a dependency was away (Redis restarting): try again.
                await Task.Delay(300);
                continue;
            }
            if (done(value)) return value;
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"The projection did not catch up: {value.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
