using Gamified.Tests.Contract;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>A redis-server of the test's own (GAMIFIED_TEST_REDIS_SERVER), stopped and started on the same port; the shared one is never touched.</summary>
internal sealed class OwnRedis : IAsyncDisposable
{
    private readonly string _server = Environment.GetEnvironmentVariable("GAMIFIED_TEST_REDIS_SERVER") is { Length: > 0 } path ? path : "redis-server";
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("gamified-own-redis-");

    public int Port { get; } = FreePort.Next();

    public string Endpoint => $"127.0.0.1:{Port}";

    private string Cli => Path.Combine(Path.GetDirectoryName(_server) is { Length: > 0 } folder ? folder : "/usr/bin", "redis-cli");

    public static async Task<OwnRedis> StartAsync()
    {
        var redis = new OwnRedis();
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts it (again, empty: nothing is saved) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        await ChildProcess.RunAsync(_server, ["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes",
            "--dir", _directory.FullName, "--logfile", Path.Combine(_directory.FullName, "redis.log")], _directory.FullName, TimeSpan.FromSeconds(30));
        await Poll.Until(async () => (await ChildProcess.RunAsync(Cli, ["-p", $"{Port}", "ping"], _directory.FullName, TimeSpan.FromSeconds(10)))
            .Output.Trim() == "PONG", $"redis-server did not answer on port {Port}");
    }

    public Task StopAsync() => ChildProcess.RunAsync(Cli, ["-p", $"{Port}", "shutdown", "nosave"], _directory.FullName, TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Delete(recursive: true);
    }
}
