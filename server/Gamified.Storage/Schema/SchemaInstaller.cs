using System.Reflection;
using Gamified.Storage.Database;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Schema;

/// <summary>
/// Applies the SQL scripts of <c>ops/sql/&lt;provider&gt;/</c> (embedded in this assembly) in order.
/// Every script is idempotent, so applying them to a database that has them already changes nothing. On PostgreSQL, with a
/// <paramref name="serverRole"/>, it then grants that role what the server needs and, on the ledger, no more than INSERT and
/// SELECT (<c>ops/sql/postgresql/roles/server-grants.sql</c>).
/// </summary>
public sealed class SchemaInstaller(GamifiedDatabase database, ILogger<SchemaInstaller> logger, string? serverRole = null)
{
    // Order matters: the Orleans query table first, then the providers that fill it, then our own tables.
    private static readonly string[] SqliteScripts = ["orleans-main", "orleans-persistence", "orleans-reminders", "gamified-ledger", "gamified-audit", "gamified-content", "gamified-teams", "gamified-analytics", "gamified-secrets", "gamified-identity", "gamified-people", "gamified-notifications", "gamified-xapi", "gamified-records"];
    private static readonly string[] PostgresScripts =
        ["orleans-main", "orleans-persistence", "orleans-clustering", "orleans-reminders", "gamified-ledger", "gamified-audit", "gamified-content", "gamified-teams", "gamified-analytics", "gamified-secrets", "gamified-identity", "gamified-people", "gamified-cluster", "gamified-notifications", "gamified-xapi", "gamified-records"];

    // Any fixed number works; it only has to be the same on every node that might migrate at once.
    private const long PostgresMigrationLock = 0x6761_6d69_6669_6564;

    public IReadOnlyList<string> ScriptNames => database.Provider == StorageProvider.Sqlite ? SqliteScripts : PostgresScripts;

    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        var folder = database.Provider == StorageProvider.Sqlite ? "sqlite" : "postgresql";
        await database.RunAsync(async (connection, ct) =>
        {
            if (database.Provider == StorageProvider.Postgres)
                await connection.Command("SELECT pg_advisory_lock(@key)").With("key", PostgresMigrationLock).ExecuteNonQueryAsync(ct);
            try
            {
                foreach (var name in ScriptNames)
                {
                    var sql = ReadScript($"sql/{folder}/{name}.sql");
                    await connection.Command(sql).ExecuteNonQueryAsync(ct);
                    logger.LogInformation("Applied schema script {Provider}/{Script}", folder, name);
                }
                if (database.Provider == StorageProvider.Postgres && !string.IsNullOrWhiteSpace(serverRole))
                {
                    await connection.Command(ServerGrants(serverRole)).ExecuteNonQueryAsync(ct);
                    logger.LogInformation("Granted the server's role {Role} its privileges", serverRole);
                }
            }
            finally
            {
                // Not cancellable: pooled connections are not reset on return (GamifiedDatabase), so a lock left here would
                // stay with the connection and hold every other node's migration.
                if (database.Provider == StorageProvider.Postgres)
                    await connection.Command("SELECT pg_advisory_unlock(@key)").With("key", PostgresMigrationLock).ExecuteNonQueryAsync(CancellationToken.None);
            }
            return true;
        }, cancellationToken);
        // After the lock: a second migrator waits on the log's head instead, and finds nothing left to do.
        if (await Ledger.LedgerLogBackfill.Run(database, TimeProvider.System, cancellationToken) is > 0 and var appended)
            logger.LogInformation("Gave {Count} ledger entries from before the log their leaves (a one-time backfill)", appended);
    }

    /// <summary>The grants script for <paramref name="role"/>: a role name is an identifier, not a parameter, so it is checked
    /// to be a plain one and quoted.</summary>
    public static string ServerGrants(string role)
    {
        if (!IsPlainRoleName(role)) throw new ArgumentException($"The server's role '{role}' is 1-63 lower-case letters, digits or '_', starting with a letter or '_', and not public, none or a pg_ role.", nameof(role));
        return ReadScript("sql/postgresql/roles/server-grants.sql").Replace("\"gamified_server\"", $"\"{role}\"", StringComparison.Ordinal);
    }

    /// <summary>A plain identifier, and not one PostgreSQL reads as something else: <c>public</c> (even quoted) is every role,
    /// so granting to it would open the tables to everyone; <c>pg_</c> names are the server's own roles.</summary>
    public static bool IsPlainRoleName(string role) =>
        role.Length is > 0 and < 64 && (char.IsAsciiLetterLower(role[0]) || role[0] == '_') && role.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
        && role is not ("public" or "none" or "current_user" or "session_user" or "current_role") && !role.StartsWith("pg_", StringComparison.Ordinal);

    private static string ReadScript(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Schema script '{resourceName}' is not embedded in {typeof(SchemaInstaller).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
