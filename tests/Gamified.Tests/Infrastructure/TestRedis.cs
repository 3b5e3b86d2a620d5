using StackExchange.Redis;

namespace Gamified.Tests.Infrastructure;

/// <summary>The real Redis server that ops/test.sh starts (GAMIFIED_TEST_REDIS, host:port).</summary>
public static class TestRedis
{
    public const string Variable = "GAMIFIED_TEST_REDIS";

    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Endpoint));

    public static string Endpoint =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set. Run the suite with ops/test.sh, which starts Redis and sets it.");

    public static IConnectionMultiplexer Connection => Shared.Value;

    /// <summary>Server arguments for Redis boards under a prefix of their own: what every node of a cluster needs (a second
    /// node on PostgreSQL without Redis boards refuses to start).</summary>
    public static string[] BoardArguments() =>
        [$"--Leaderboards:Redis={Endpoint}", $"--Leaderboards:RedisKeyPrefix=boards-{Guid.NewGuid():n}:"];
}
