using Gamified.Server.Commands;
using Gamified.Tests.Infrastructure;
using Npgsql;

namespace Gamified.Tests.Ledger;

/// <summary>TRUNCATE fires no row trigger; the ledger's tables refuse it with statement triggers (PostgreSQL; SQLite has no TRUNCATE).</summary>
public sealed class LedgerTruncateTests
{
    [Theory]
    [InlineData("ledger_entries")]
    [InlineData("ledger_log")]
    [InlineData("ledger_log_head")]
    [InlineData("ledger_checkpoints")]
    public async Task truncating_a_ledger_table_is_refused(string table)
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        Assert.Equal(0, await CommandLine.TryGet("migrate")!([.. storage.OwnerArguments]));   // again: idempotent, grants included
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();

        await using var truncate = new NpgsqlCommand($"TRUNCATE {table}", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => truncate.ExecuteNonQueryAsync());

        Assert.Contains($"{table} is append-only", refused.MessageText);
        await using var head = new NpgsqlCommand("SELECT count(*) FROM ledger_log_head", connection);
        Assert.Equal(1L, await head.ExecuteScalarAsync());
    }
}
