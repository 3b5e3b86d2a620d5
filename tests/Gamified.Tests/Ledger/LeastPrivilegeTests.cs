using Gamified.Tests.Infrastructure;
using Npgsql;

namespace Gamified.Tests.Ledger;

/// <summary>
/// The server's PostgreSQL role (docs/LEDGER.md, "Least privilege"), as every PostgreSQL test server runs: on the ledger, its
/// log, its kept heads and the statements it covers it may append and read, and nothing that rewrites or unguards them.
/// </summary>
public sealed class LeastPrivilegeTests
{
    /// <summary>Each refused on its own (autocommit), on one database: one migration for all of them.</summary>
    private static readonly string[] Rewrites =
    [
        "TRUNCATE ledger_entries",
        "TRUNCATE ledger_log",
        "UPDATE ledger_entries SET amount = amount + 100",
        "UPDATE ledger_log SET leaf_hash = leaf_hash",
        "UPDATE ledger_checkpoints SET root = root",
        "UPDATE activities SET statement = statement",
        "DELETE FROM ledger_entries",
        "DELETE FROM ledger_log",
        "DELETE FROM ledger_log_head",
        "DELETE FROM ledger_checkpoints",
        "ALTER TABLE ledger_entries ADD COLUMN note text",
        "ALTER TABLE ledger_entries DISABLE TRIGGER tr_ledger_entries_append_only",
        "ALTER TABLE ledger_log DISABLE TRIGGER ALL",
        "DROP TRIGGER tr_ledger_log_append_only ON ledger_log",
        "CREATE TABLE ledger_shadow (id int)",
    ];

    [Fact]
    public async Task the_server_role_cannot_truncate_update_delete_alter_or_unguard_the_ledger()
    {
        var storage = (PostgresStorage)await ServerStorage.NewPostgresAsync();
        await using var connection = new NpgsqlConnection(storage.ServerConnectionString);
        await connection.OpenAsync();

        var allowed = new List<string>();
        foreach (var sql in Rewrites)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            try
            {
                await command.ExecuteNonQueryAsync();
                allowed.Add(sql);
            }
            catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
            }
        }

        Assert.Empty(allowed);
        await using var reads = new NpgsqlCommand("SELECT (SELECT count(*) FROM ledger_log_head) + (SELECT count(*) FROM ledger_entries)", connection);
        Assert.Equal(1L, await reads.ExecuteScalarAsync());   // reading is allowed, and the head row is still there
    }
}

/// <summary>The server's role name from configuration becomes an identifier in the grants: only a plain role of its own.</summary>
[Trait("Category", "Unit")]
public sealed class ServerRoleNameTests
{
    [Theory]
    [InlineData("gamified_server", true)]
    [InlineData("_svc1", true)]
    [InlineData("public", false)]   // PostgreSQL reads it, quoted or not, as every role
    [InlineData("none", false)]
    [InlineData("pg_read_all_data", false)]
    [InlineData("Gamified", false)]
    [InlineData("x\"; DROP TABLE ledger_entries; --", false)]
    [InlineData("", false)]
    public void only_a_plain_role_of_its_own_may_be_granted_the_servers_rights(string role, bool allowed) =>
        Assert.Equal(allowed, Gamified.Storage.Schema.SchemaInstaller.IsPlainRoleName(role));
}
