using System.Text.Json.Nodes;
using Gamified.Storage.Analytics;
using Gamified.Storage.Database;
using Gamified.Storage.Schema;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gamified.Tests.Analytics;

/// <summary>
/// The analytics projection polls the activities after its checkpoint several times a second, for as long as the server
/// runs: a poll must start reading at the checkpoint, not walk every activity ever recorded to find it.
/// </summary>
public sealed class FeedPollTests
{
    private const int Activities = 20_000;

    [Fact]
    public async Task a_poll_at_the_newest_of_many_activities_reads_no_activity_row_before_it()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await new SchemaInstaller(new GamifiedDatabase(StorageProvider.Postgres, connectionString), NullLogger<SchemaInstaller>.Instance).ApplyAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Enough rows that PostgreSQL plans the ordered index scan it would plan for a server that has run for a while.
        await new NpgsqlCommand($$"""
            INSERT INTO learner_accounts (learner_id, department_id, last_hash, registered_at, updated_at)
            SELECT 'learner-' || i, 'department-1', repeat('0', 64), 0, 0 FROM generate_series(1, 10) i;
            INSERT INTO activities (activity_id, learner_id, idempotency_key, payload_hash, verb, object_kind, object_id, statement,
                                    xp_awarded, xp_total, occurred_at, recorded_at)
            SELECT 'activity-' || lpad(i::text, 6, '0'), 'learner-' || (1 + i % 10), 'key-' || i, repeat('0', 64), 'completed',
                   'lesson', 'lesson-1', '{}', 10, 10, 1700000000000 + i, 1700000000000 + i
            FROM generate_series(1, {{Activities}}) i;
            ANALYZE;
            """, connection).ExecuteNonQueryAsync();

        // Npgsql prepares a statement the server runs often, and PostgreSQL then plans it once for any parameters (a generic
        // plan): that plan, not one made for the values at hand, is what every poll runs.
        var prepared = AnalyticsStore.FeedQuery.Replace("@at", "$1").Replace("@id", "$2").Replace("@settled", "$3").Replace("@limit", "$4");
        await new NpgsqlCommand($"SET plan_cache_mode = force_generic_plan; PREPARE poll(bigint, text, bigint, int) AS {prepared}", connection)
            .ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand(
            $"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE poll({1700000000000L + Activities}, 'activity-{Activities:000000}', {long.MaxValue}, 1000)", connection);
        var plan = JsonNode.Parse((string)(await explain.ExecuteScalarAsync())!)![0]!["Plan"]!;

        var scans = Nodes(plan).Where(node => (string?)node["Relation Name"] == "activities").ToList();
        Assert.NotEmpty(scans);
        var rowsRead = scans.Sum(node => (double)node["Actual Rows"]! * (double)node["Actual Loops"]!
            + ((double?)node["Rows Removed by Filter"] ?? 0) + ((double?)node["Rows Removed by Index Recheck"] ?? 0));
        Assert.Equal(0, rowsRead);
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode node) =>
        new[] { node }.Concat(node["Plans"]?.AsArray().SelectMany(child => Nodes(child!)) ?? []);
}
