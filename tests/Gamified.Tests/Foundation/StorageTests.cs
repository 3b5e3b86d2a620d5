using Gamified.Storage.Database;
using Gamified.Storage.Schema;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gamified.Tests.Foundation;

public sealed class StorageTests
{
    [Fact]
    public async Task the_postgres_schema_applies_to_an_empty_database_and_again_without_change()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var installer = new SchemaInstaller(new GamifiedDatabase(StorageProvider.Postgres, connectionString), NullLogger<SchemaInstaller>.Instance);

        await installer.ApplyAsync();
        var first = await DescribeSchema(connectionString);
        await installer.ApplyAsync();
        var second = await DescribeSchema(connectionString);

        Assert.Equal(first, second);
        foreach (var table in new[] { "orleansquery", "orleans_grain_state", "orleans_membership", "orleans_reminder",
                     "learner_accounts", "ledger_entries", "activities" })
            Assert.Contains(table, first);
        Assert.Contains("WriteToStorageKey", first);
        Assert.Contains("MembershipReadAllKey", first);
        Assert.Contains("UpsertReminderRowKey", first);
    }

    [Fact]
    public async Task the_migrate_command_applies_the_schema_from_configuration()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();

        var exit = await Gamified.Server.Commands.CommandLine.Migrate(
            ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}"]);

        Assert.Equal(0, exit);
        Assert.Contains("ledger_entries", await DescribeSchema(connectionString));
    }

    [Fact]
    public async Task the_ledger_refuses_updates_and_deletes_on_postgres()
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        await using var server = await GamifiedServer.StartAsync(storage);
        var scenario = new Scenario(server.Client);
        var learner = await scenario.RegisterLearnerAsync(await scenario.CreateDepartmentAsync());
        (await scenario.RecordActivityAsync(learner, "k")).AssertNoErrors();

        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE ledger_entries SET amount = 1000", connection);
        await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        await using var delete = new NpgsqlCommand("DELETE FROM ledger_entries", connection);
        await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
    }

    /// <summary>
    /// The ledger lives in rows, not in the learner grain's state: after hundreds of awards the learner's
    /// stored grain state is as small as on the first day.
    /// </summary>
    [Fact]
    public async Task a_learners_grain_state_does_not_grow_with_their_ledger()
    {
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        await using var server = await GamifiedServer.StartAsync(storage);
        var scenario = new Scenario(server.Client);
        var learner = await scenario.RegisterLearnerAsync(await scenario.CreateDepartmentAsync());
        var sizeAtStart = await LargestStateFor(storage, learner);

        for (var i = 0; i < 300; i++) (await scenario.RecordActivityAsync(learner, $"grow-{i}", verb: "ANSWERED")).AssertNoErrors();

        Assert.Equal(sizeAtStart, await LargestStateFor(storage, learner));
        Assert.True(sizeAtStart < 2048, $"learner state is {sizeAtStart} bytes");
        Assert.Equal(300, (await scenario.LearnerAsync(learner))["xp"]!.GetValue<int>());
        await using var connection = new SqliteConnection($"Data Source={storage.DatabaseFile}");
        await connection.OpenAsync();
        await using var count = new SqliteCommand("SELECT COUNT(*) FROM ledger_entries WHERE learner_id = @l AND kind = 'Xp'", connection);
        count.Parameters.AddWithValue("l", learner);
        Assert.Equal(300L, (long)(await count.ExecuteScalarAsync())!);
    }

    private static async Task<long> LargestStateFor(SqliteStorage storage, string learnerId)
    {
        await using var connection = new SqliteConnection($"Data Source={storage.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(
            "SELECT LENGTH(payload) FROM orleans_grain_state WHERE grain_type = 'profile' AND grain_key_ext = @learner", connection);
        command.Parameters.AddWithValue("learner", Gamified.Common.GrainKeys.Of(learnerId));
        var value = await command.ExecuteScalarAsync();
        Assert.IsType<long>(value);
        return (long)value!;
    }

    private static async Task<string> DescribeSchema(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(x, E'\n' ORDER BY x) FROM (
              SELECT 'table ' || table_name AS x FROM information_schema.tables WHERE table_schema = 'public'
              UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'public'
              UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL SELECT 'query ' || querykey || ' ' || md5(querytext) FROM orleansquery
            ) s
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
