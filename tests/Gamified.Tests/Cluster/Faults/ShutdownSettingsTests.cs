using Gamified.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Gamified.Tests.Cluster.Faults;

public sealed class ShutdownSettingsTests
{
    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:00:16")]
    public void a_drain_time_outside_zero_to_fifteen_seconds_stops_the_server_naming_it(string drain)
    {
        var refusal = Assert.Throws<OptionsValidationException>(() => GamifiedHost.Build(["--Urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}", $"--Shutdown:DrainTime={drain}"]));
        Assert.Contains("Shutdown: DrainTime", refusal.Message);
    }
}
