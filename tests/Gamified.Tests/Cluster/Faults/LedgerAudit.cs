using Gamified.Leaderboards;
using Gamified.Storage.Leaderboards;
using Gamified.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>The checks after a fault: read straight from the cluster's own PostgreSQL and Redis, and through verifyLedger.</summary>
internal static class LedgerAudit
{
    /// <summary>Every acknowledged statement is in <c>activities</c> exactly once.</summary>
    public static async Task AssertRecordedOnceAsync(OwnPostgres postgres, IReadOnlyCollection<string> acknowledgedKeys)
    {
        await using var connection = await postgres.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT idempotency_key, count(*) FROM activities WHERE idempotency_key = ANY(@keys) GROUP BY 1", connection);
        command.Parameters.AddWithValue("keys", acknowledgedKeys.ToArray());
        var counts = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        var missing = acknowledgedKeys.Where(k => !counts.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged statements are not recorded, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(counts, c => Assert.Equal(1, c.Value));
    }

    /// <summary>None of these statements is in <c>activities</c>.</summary>
    public static async Task AssertNotRecordedAsync(OwnPostgres postgres, IReadOnlyCollection<string> keys)
    {
        await using var connection = await postgres.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM activities WHERE idempotency_key = ANY(@keys)", connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>No statement that scored without its ledger entry, no ledger entry of an activity without its statement.</summary>
    public static async Task AssertNothingHalfWrittenAsync(OwnPostgres postgres, IReadOnlyCollection<string> learners)
    {
        await using var connection = await postgres.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM activities a WHERE a.learner_id = ANY(@learners) AND a.xp_awarded > 0
                      AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.learner_id = a.learner_id AND l.activity_id = a.activity_id)),
                   (SELECT count(*) FROM ledger_entries l WHERE l.learner_id = ANY(@learners) AND l.activity_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.activity_id = l.activity_id))
            """, connection);
        command.Parameters.AddWithValue("learners", learners.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((0L, 0L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    /// <summary><c>verifyLedger</c> is ok for every learner: no hash chain broken.</summary>
    public static async Task AssertLedgersVerifyAsync(GraphQLClient client, IEnumerable<string> learners)
    {
        foreach (var learner in learners)
        {
            var verdict = (await client.QueryAsync("query($id: ID) { verifyLedger(learnerId: $id) { ok firstBrokenLink { seq } } }", new { id = learner }))["verifyLedger"]!;
            Assert.True(verdict["ok"]!.GetValue<bool>(), $"{learner}'s ledger does not verify: {verdict.ToJsonString()}");
        }
    }

    /// <summary>Every learner's place on the all-time board (in Redis) has the sum of their ledger: what a rebuild from the ledger would give.</summary>
    public static async Task AssertBoardsMatchLedgerAsync(OwnPostgres postgres, OwnRedis redis, IReadOnlyCollection<string> learners)
    {
        var ledger = new Dictionary<string, long>();
        await using (var connection = await postgres.OpenAsync())
        {
            await using var command = new NpgsqlCommand("SELECT learner_id, sum(amount) FROM ledger_entries WHERE learner_id = ANY(@learners) GROUP BY 1", connection);
            command.Parameters.AddWithValue("learners", learners.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ledger[reader.GetString(0)] = reader.GetInt64(1);
        }
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var boards = new RedisLeaderboardStore(multiplexer, "gamified:board:");
        string Differences(IEnumerable<(string Learner, long Board)> seen) =>
            string.Join(", ", seen.Where(s => s.Board != ledger.GetValueOrDefault(s.Learner)).Select(s => $"{s.Learner}: board {s.Board}, ledger {ledger.GetValueOrDefault(s.Learner)}"));
        var last = "";
        // The projector may still be catching up: wait until it has, then they must be equal.
        await Poll.Until(async () =>
        {
            var seen = new List<(string, long)>();
            foreach (var learner in learners) seen.Add((learner, (await boards.Find(BoardNames.Learners("all"), learner))?.Score ?? 0));
            last = Differences(seen);
            return last.Length == 0;
        }, "the boards to equal the ledger");
        Assert.Equal("", last);
    }
}
