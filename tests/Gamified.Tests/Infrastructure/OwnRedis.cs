using System.Diagnostics;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test's own, to stop and start again (the shared one of ops/test.sh is never touched):
/// GAMIFIED_TEST_REDIS_SERVER names the binary, redis-cli is beside it.
/// </summary>
public sealed class OwnRedis : IDisposable
{
    private readonly string _server = Environment.GetEnvironmentVariable("GAMIFIED_TEST_REDIS_SERVER") ?? "redis-server";
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("gamified-redis-");

    public int Port { get; } = FreePort.Next();

    public string Endpoint => $"127.0.0.1:{Port}";

    public void Start() =>
        Process.Start(_server, $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --daemonize yes --dir {_directory.FullName}")!.WaitForExit();

    public void Stop()
    {
        var cli = Path.Combine(Path.GetDirectoryName(_server) is { Length: > 0 } folder ? folder : "/usr/bin", "redis-cli");
        Process.Start(cli, $"-p {Port} shutdown nosave")!.WaitForExit();
    }

    public void Dispose() => Stop();
}
