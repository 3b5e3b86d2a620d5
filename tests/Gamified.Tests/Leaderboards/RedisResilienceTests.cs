using Gamified.Tests.Infrastructure;
using StackExchange.Redis;

namespace Gamified.Tests.Leaderboards;

/// <summary>The ledger is the truth: boards survive a flushed or stopped Redis, and awards never wait for it.</summary>
public sealed class RedisResilienceTests
{
    private const string Top = "query($d: ID) { learnerLeaderboard(departmentId: $d, first: 100) { totalCount edges { node { score } } } }";

    /// <summary>These tests watch the store beneath the boards, so every read goes to Redis (no shared first pages).</summary>
    private const string NoPageCache = "--Leaderboards:PageCacheTime=00:00:00";

    [Fact]
    public async Task a_flushed_redis_is_rebuilt_from_the_ledger_entry_for_entry()
    {
        var prefix = $"flush-{Guid.NewGuid():n}:";
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(),
            $"--Leaderboards:Redis={TestRedis.Endpoint}", $"--Leaderboards:RedisKeyPrefix={prefix}", NoPageCache);
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learners = new List<string>();
        for (var i = 0; i < 6; i++) learners.Add(await admin.RegisterLearnerAsync(department));
        for (var i = 0; i < 18; i++) (await admin.RecordActivityAsync(learners[i % 6], $"f{i}", objectId: $"o{i}", verb: i % 3 == 0 ? "PASSED" : "COMPLETED", objectKind: i % 3 == 0 ? "QUIZ" : "LESSON")).AssertNoErrors();
        var before = await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["edges"]!.AsArray().Sum(e => e!["node"]!["score"]!.GetValue<int>()) == 6 * 20 + 12 * 10);

        var redis = TestRedis.Connection;
        foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: prefix + "*")) await redis.GetDatabase().KeyDeleteAsync(key);

        // Rebuilt entry for entry: the same board as before the flush (waiting until the rebuild has finished).
        var after = await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b.ToJsonString() == before.ToJsonString());
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        foreach (var learner in learners)
        {
            var xp = (await admin.LearnerAsync(learner))["xp"]!.GetValue<int>();
            var place = await new Gamified.Storage.Leaderboards.RedisLeaderboardStore(redis, prefix)
                .Find(Gamified.Leaderboards.BoardNames.Learners("all"), learner);
            Assert.Equal(xp, place!.Score);
        }
    }

    [Fact]
    public async Task awards_succeed_while_redis_is_down_and_the_boards_catch_up_when_it_returns()
    {
        using var redis = new OwnRedis();
        redis.Start();
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Leaderboards:Redis={redis.Endpoint}", NoPageCache);
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        (await admin.RecordActivityAsync(learner, "before")).AssertNoErrors();
        await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["totalCount"]!.GetValue<int>() == 1);

        redis.Stop();
        for (var i = 0; i < 5; i++)
            (await admin.RecordActivityAsync(learner, $"during-{i}", objectId: $"d{i}")).AssertNoErrors();   // awards do not wait for Redis
        Assert.Equal(60, (await admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
        (await server.Client.PostAsync(Top, new { d = department })).AssertError("SERVICE_UNAVAILABLE");

        redis.Start();   // back, empty: the projector rebuilds from the ledger
        var board = await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["edges"]!.AsArray().Select(e => e!["node"]!["score"]!.GetValue<int>()).FirstOrDefault() == 60);
        Assert.Equal(1, board["learnerLeaderboard"]!["totalCount"]!.GetValue<int>());
    }
}

public sealed class RebuildTests
{
    private const string Top = "query($d: ID) { learnerLeaderboard(departmentId: $d, first: 100) { edges { node { rank score } } } }";

    [Fact]
    public async Task the_rebuild_command_and_mutation_restore_a_corrupted_board_from_the_ledger()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        var prefix = $"rebuild-{Guid.NewGuid():n}:";
        string[] redisArgs = [$"--Leaderboards:Redis={TestRedis.Endpoint}", $"--Leaderboards:RedisKeyPrefix={prefix}"];
        await using var server = await GamifiedServer.StartAsync(storage, redisArgs);
        var admin = new Scenario(server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        (await admin.RecordActivityAsync(learner, "r1", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        var expected = await Poll.Until(() => server.Client.QueryAsync(Top, new { d = department }),
            b => b["learnerLeaderboard"]!["edges"]!.AsArray().Count == 1);

        var store = new Gamified.Storage.Leaderboards.RedisLeaderboardStore(TestRedis.Connection, prefix);
        var board = Gamified.Leaderboards.BoardNames.DepartmentLearners(department, "all");
        await store.Set(board, "intruder", 9999, DateTimeOffset.UtcNow);
        Assert.Equal(2, await store.Count(board));

        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await Gamified.Server.Commands.CommandLine.TryGet("rebuild-leaderboards")!(
                ["--environment=Development", .. storage.Arguments, .. redisArgs]);
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Equal(0, exit);
        Assert.Contains("Leaderboards rebuilt", output.ToString());
        Assert.Equal(1, await store.Count(board));

        await store.Set(board, "intruder", 9999, DateTimeOffset.UtcNow);
        var projected = await server.Client.QueryAsync("mutation { rebuildLeaderboards  { entriesProjected userErrors { code message field } }}");
        Assert.True(projected["rebuildLeaderboards"]!["entriesProjected"]!.GetValue<int>() >= 1);
        Assert.Equal(expected.ToJsonString(), (await server.Client.QueryAsync(Top, new { d = department })).ToJsonString());
    }
}
