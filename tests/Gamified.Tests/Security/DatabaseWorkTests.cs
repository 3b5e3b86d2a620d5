using Gamified.Storage.Database;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gamified.Tests.Security;

/// <summary>A PostgreSQL server that stops a request after three seconds and runs at most three database commands at once
/// (two for requests: the ledger's writer keeps one).</summary>
public sealed class BoundedDatabaseServerFixture : ServerFixture
{
    public const int RequestSlots = 2;

    protected override Task<ServerStorage> CreateStorageAsync() => ServerStorage.NewPostgresAsync();

    protected override string[] Arguments => ["--GraphQL:ExecutionTimeout=00:00:03", $"--Storage:MaxConcurrentCommands={RequestSlots + 1}"];
}

/// <summary>
/// Slow database work, made slow for real: the test holds an exclusive lock on the table a query reads, so the server's
/// command waits inside PostgreSQL until it is cancelled or the lock goes.
/// </summary>
public sealed class DatabaseWorkTests(BoundedDatabaseServerFixture fixture) : IClassFixture<BoundedDatabaseServerFixture>
{
    private string ConnectionString => ((PostgresStorage)fixture.Storage).ConnectionString;

    /// <summary>A read, the table it reads and words of its SQL that no background loop's command has.</summary>
    public static TheoryData<string, string, string> SlowReads => new()
    {
        { "{ auditLog(first: 5) { edges { node { action } } } }", "audit_log", "FROM audit_log" },
        { """{ exportStatements(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", first: 10) { count } }""", "activities",
            "a.activity_id > @afterId" },
        { "{ verifyLedger { ok } }", "ledger_entries", "ORDER BY learner_id, seq" },
    };

    [Theory]
    [MemberData(nameof(SlowReads))]
    public async Task a_read_stopped_at_the_execution_timeout_leaves_no_command_running_in_postgres(string query, string table, string sql)
    {
        await using var lockHolder = await LockAsync(table);

        var response = fixture.Server.Client.PostAsync(query);
        await Poll.Until(async () => await RunningCommands(sql) == 1, $"the server's read of {table} waiting on the lock");
        var answer = await response;

        Assert.Equal(503, answer.Status);
        Assert.Equal("TIMEOUT", answer.FirstErrorCode);
        // The lock is still held: only a cancelled command is gone from PostgreSQL.
        await Poll.Until(async () => await RunningCommands(sql) == 0, $"the server's read of {table} cancelled in PostgreSQL");
    }

    [Fact]
    public async Task a_node_runs_no_more_database_commands_at_once_than_configured()
    {
        const int requests = 6;
        var database = fixture.Server.Services.GetRequiredService<GamifiedDatabase>();
        var responses = new List<Task<GraphQLResponse>>();
        await using (var lockHolder = await LockAsync("audit_log"))
        {
            for (var i = 0; i < requests; i++)
                responses.Add(fixture.Server.Client.PostAsync($"{{ auditLog(first: {i + 1}) {{ edges {{ node {{ action }} }} }} }}"));

            // At least: the node's background loops wait for slots too.
            await Poll.Until(() => Task.FromResult(database.CommandsWaiting >= requests - BoundedDatabaseServerFixture.RequestSlots),
                "the requests beyond the node's slots waiting for one");
            Assert.Equal(BoundedDatabaseServerFixture.RequestSlots, await RunningCommands("FROM audit_log"));
            Assert.Equal(BoundedDatabaseServerFixture.RequestSlots, database.CommandsRunning);
        }

        // The lock is gone: the waiting requests take their turns and every one is answered.
        foreach (var answer in await Task.WhenAll(responses))
            Assert.True(answer.Status == 200 ? answer.Errors is null : answer.FirstErrorCode == "TIMEOUT", answer.RawText());
    }

    private async Task<NpgsqlConnection> LockAsync(string table)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection))
            await begin.ExecuteNonQueryAsync();
        return connection;   // disposing it ends the transaction and lets go of the lock
    }

    /// <summary>The server's commands now running in PostgreSQL whose SQL has these words.</summary>
    private async Task<long> RunningCommands(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
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
