using System.Data.Common;
using Gamified.Server.Commands;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gamified.Tests.Ledger;

/// <summary>
/// A database whose entries were written before the log existed (here: a log emptied back to its first head) gets their
/// leaves from <c>migrate</c>, once: then every entry is in the log, and a second migrate appends nothing.
/// </summary>
public abstract class LedgerBackfillTests
{
    protected abstract Task<(ServerStorage Storage, IEnumerable<string> Owner, Func<DbConnection> Open)> CreateAsync();

    /// <summary>The log as it was before there was one: no leaves, the empty tree's head.</summary>
    protected abstract string EmptyTheLog { get; }

    [Fact]
    public async Task migrate_gives_entries_from_before_the_log_their_leaves_once()
    {
        var (storage, owner, open) = await CreateAsync();
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var scenario = new Scenario(server.Client);
            var department = await scenario.CreateDepartmentAsync();
            foreach (var learner in new[] { await scenario.RegisterLearnerAsync(department), await scenario.RegisterLearnerAsync(department) })
                for (var i = 0; i < 2; i++) (await scenario.RecordActivityAsync(learner, $"before-the-log-{i}", verb: "PASSED", objectKind: "QUIZ")).AssertNoErrors();
        }
        await using (var connection = open())
        {
            await connection.OpenAsync();
            await using var empty = connection.CreateCommand();
            empty.CommandText = EmptyTheLog;
            await empty.ExecuteNonQueryAsync();
        }
        var verifyLedger = CommandLine.TryGet("verify-ledger")!;
        Assert.Equal(1, await verifyLedger([.. storage.Arguments]));   // entries not in the log

        var migrate = CommandLine.TryGet("migrate")!;
        Assert.Equal(0, await migrate([.. owner]));
        Assert.Equal(0, await verifyLedger([.. storage.Arguments]));
        var (entries, size) = await Count(open);
        Assert.True(entries >= 4);
        Assert.Equal(entries, size);

        Assert.Equal(0, await migrate([.. owner]));
        Assert.Equal((entries, size), await Count(open));
    }

    private static async Task<(long Entries, long Size)> Count(Func<DbConnection> open)
    {
        await using var connection = open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM ledger_entries), (SELECT size FROM ledger_log_head WHERE id = 1)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)));
    }

    protected const string EmptyHead = "UPDATE ledger_log_head SET size = 0, root = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', frontier = '' WHERE id = 1;";
}

public sealed class LedgerBackfillTestsOnSqlite : LedgerBackfillTests
{
    // migrate puts the dropped trigger back (the scripts are idempotent).
    protected override string EmptyTheLog => "DROP TRIGGER tr_ledger_log_no_delete; DELETE FROM ledger_log; " + EmptyHead;

    protected override Task<(ServerStorage, IEnumerable<string>, Func<DbConnection>)> CreateAsync()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        return Task.FromResult<(ServerStorage, IEnumerable<string>, Func<DbConnection>)>(
            (storage, storage.Arguments, () => new SqliteConnection($"Data Source={storage.DatabaseFile};Pooling=false")));
    }
}

public sealed class LedgerBackfillTestsOnPostgres : LedgerBackfillTests
{
    protected override string EmptyTheLog =>
        "ALTER TABLE ledger_log DISABLE TRIGGER tr_ledger_log_append_only; DELETE FROM ledger_log; " +
        "ALTER TABLE ledger_log ENABLE TRIGGER tr_ledger_log_append_only; " + EmptyHead;

    protected override async Task<(ServerStorage, IEnumerable<string>, Func<DbConnection>)> CreateAsync()
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        return (storage, storage.OwnerArguments, () => new NpgsqlConnection(storage.ConnectionString));
    }
}
