using System.Data.Common;
using Gamified.Ledger.Log;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gamified.Tests.Ledger;

/// <summary>
/// The log the group commits append to, read back from the database: one leaf per entry, each covering the entry's hash
/// and its statement's, at indexes without gaps, and a head whose root and frontier are those of the leaves.
/// </summary>
public abstract class LedgerLogTests
{
    protected abstract Task<(GamifiedServer Server, Func<DbConnection> Open)> StartAsync();

    [Fact]
    public async Task every_entry_of_parallel_appends_becomes_one_leaf_and_the_head_is_the_root_of_the_leaves()
    {
        var (server, open) = await StartAsync();
        await using var _ = server;
        var scenario = new Scenario(server.Client);
        var department = await scenario.CreateDepartmentAsync();
        var learners = new List<string>();
        for (var i = 0; i < 6; i++) learners.Add(await scenario.RegisterLearnerAsync(department));
        // In parallel, so that group commits carry several appends (and on PostgreSQL several writers race for the head).
        await Task.WhenAll(learners.SelectMany(learner => Enumerable.Range(0, 5).Select(async i =>
            (await scenario.RecordActivityAsync(learner, $"log-{i}", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors())));

        await using var connection = open();
        await connection.OpenAsync();
        var entries = await Rows(connection, """
            SELECT e.learner_id, e.seq, e.hash, a.statement FROM ledger_entries e
            LEFT JOIN activities a ON a.activity_id = e.activity_id
            """);
        var leaves = await Rows(connection, "SELECT leaf_index, learner_id, seq, statement_hash, leaf_hash FROM ledger_log ORDER BY leaf_index");
        var head = (await Rows(connection, "SELECT size, root, frontier FROM ledger_log_head WHERE id = 1")).Single();

        Assert.True(entries.Count >= 30, $"{entries.Count} entries");
        Assert.Equal(entries.Count, leaves.Count);
        Assert.Equal(Enumerable.Range(0, leaves.Count).Select(i => (long)i), leaves.Select(l => Convert.ToInt64(l[0])));
        var byEntry = entries.ToDictionary(e => ((string)e[0], Convert.ToInt64(e[1])));
        foreach (var row in leaves)
        {
            var entry = byEntry[((string)row[1], Convert.ToInt64(row[2]))];
            var leaf = new LogLeaf((string)row[1], Convert.ToInt64(row[2]), ((string)entry[2]).Trim(),
                entry[3] is string statement ? LogLeaf.HashStatement(statement) : LogLeaf.NoStatement);
            Assert.Equal(Convert.ToHexStringLower(leaf.Hash()), ((string)row[4]).Trim());
        }
        Assert.Contains(leaves, l => (string)l[3] != LogLeaf.NoStatement);
        var hashes = leaves.Select(l => Convert.FromHexString(((string)l[4]).Trim())).ToList();
        Assert.Equal((long)leaves.Count, Convert.ToInt64(head[0]));
        Assert.Equal(Convert.ToHexStringLower(MerkleTree.Root(hashes, hashes.Count)), ((string)head[1]).Trim());
        Assert.Equal(MerkleTree.Root(hashes, hashes.Count), MerkleFrontier.Parse(hashes.Count, (string)head[2]).Root());
    }

    private static async Task<List<object[]>> Rows(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}

public sealed class LedgerLogTestsOnSqlite : LedgerLogTests
{
    protected override async Task<(GamifiedServer, Func<DbConnection>)> StartAsync()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        return (await GamifiedServer.StartAsync(storage), () => new SqliteConnection($"Data Source={storage.DatabaseFile}"));
    }
}

public sealed class LedgerLogTestsOnPostgres : LedgerLogTests
{
    protected override async Task<(GamifiedServer, Func<DbConnection>)> StartAsync()
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        return (await GamifiedServer.StartAsync(storage), () => new NpgsqlConnection(storage.ConnectionString));
    }
}
