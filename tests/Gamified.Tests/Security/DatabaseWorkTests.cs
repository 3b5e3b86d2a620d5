using Gamified.Storage.Database;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gamified.Tests.Security;

/// <summary>A PostgreSQL server that stops a request after three seconds.</summary>
public sealed class ShortTimeoutServerFixture : ServerFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => ServerStorage.NewPostgresAsync();

    protected override string[] Arguments => ["--GraphQL:ExecutionTimeout=00:00:03"];
}

/// <summary>A PostgreSQL server that runs at most three database commands at once (two for requests and background
/// loops: the ledger's writer keeps one).</summary>
public sealed class FewCommandsServerFixture : ServerFixture
{
    public const int RequestSlots = 2;

    protected override Task<ServerStorage> CreateStorageAsync() => ServerStorage.NewPostgresAsync();

    protected override string[] Arguments => [$"--Storage:MaxConcurrentCommands={RequestSlots + 1}"];
}

/// <summary>
/// Slow database work, made slow for real: the test holds an exclusive lock on the table a query reads, so the server's
/// command waits inside PostgreSQL until it is cancelled or the lock goes.
/// </summary>
public sealed class CancelledReadTests(ShortTimeoutServerFixture fixture) : IClassFixture<ShortTimeoutServerFixture>
{
    private readonly PostgresLocks _locks = new(fixture.Storage);

    /// <summary>A read, the table it reads and words of its SQL that no background loop's command has (as PostgreSQL
    /// shows it: Npgsql sends <c>@name</c> parameters as <c>$n</c>).</summary>
    public static TheoryData<string, string, string> SlowReads => new()
    {
        { "{ auditLog(first: 5) { edges { node { action } } } }", "audit_log", "FROM audit_log" },
        { """{ exportStatements(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", first: 10) { count } }""", "activities",
            "ORDER BY a.occurred_at, a.activity_id" },
        { "{ verifyLedger { ok } }", "ledger_entries", "ORDER BY learner_id, seq" },
    };

    [Theory]
    [MemberData(nameof(SlowReads))]
    public async Task a_read_stopped_at_the_execution_timeout_leaves_no_command_running_in_postgres(string query, string table, string sql)
    {
        await using var lockHolder = await _locks.LockAsync(table);

        var response = fixture.Server.Client.PostAsync(query);
        await Poll.Until(async () => await _locks.RunningCommands(sql) == 1, $"the server's read of {table} waiting on the lock");
        var answer = await response;

        Assert.Equal(503, answer.Status);
        Assert.Equal("TIMEOUT", answer.FirstErrorCode);
        // The lock is still held: only a cancelled command is gone from PostgreSQL.
        await Poll.Until(async () => await _locks.RunningCommands(sql) == 0, $"the server's read of {table} cancelled in PostgreSQL");
    }
}

/// <summary>The node's bound on database commands, seen from PostgreSQL while a lock holds its reads.</summary>
public sealed class DatabaseCommandBoundTests(FewCommandsServerFixture fixture) : IClassFixture<FewCommandsServerFixture>
{
    private readonly PostgresLocks _locks = new(fixture.Storage);

    [Fact]
    public async Task a_node_runs_no_more_database_commands_at_once_than_configured()
    {
        const int requests = 6;
        var database = fixture.Server.Services.GetRequiredService<GamifiedDatabase>();
        var responses = new List<Task<GraphQLResponse>>();
        await using (var lockHolder = await _locks.LockAsync("audit_log"))
        {
            for (var i = 0; i < requests; i++)
                responses.Add(fixture.Server.Client.PostAsync($"{{ auditLog(first: {i + 1}) {{ edges {{ node {{ action }} }} }} }}"));

            // Both slots held by reads stuck on the lock, the other four held back (background loops may wait too).
            await Poll.Until(async () => await _locks.RunningCommands("FROM audit_log") == FewCommandsServerFixture.RequestSlots
                                         && database.CommandsWaiting >= requests - FewCommandsServerFixture.RequestSlots,
                "two reads running in PostgreSQL and the other requests waiting for a slot");
            Assert.Equal(FewCommandsServerFixture.RequestSlots, database.CommandsRunning);
        }

        // The lock is gone: the waiting requests take their turns and every one is answered.
        foreach (var answer in await Task.WhenAll(responses)) answer.AssertNoErrors();
    }
}

/// <summary>Locks a table from outside the server and counts the server's commands running in PostgreSQL.</summary>
internal sealed class PostgresLocks(ServerStorage storage)
{
    private string ConnectionString => ((PostgresStorage)storage).ConnectionString;

    public async Task<NpgsqlConnection> LockAsync(string table)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection))
            await begin.ExecuteNonQueryAsync();
        return connection;   // disposing it ends the transaction and lets go of the lock
    }

    /// <summary>The server's commands now running in PostgreSQL whose SQL has these words.</summary>
    public async Task<long> RunningCommands(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.AsSuperuser(ConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT COUNT(*) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = @name AND state = 'active' AND query LIKE @sql
            """, connection);
        command.Parameters.AddWithValue("name", GamifiedDatabase.ApplicationName);
        command.Parameters.AddWithValue("sql", $"%{sql}%");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
