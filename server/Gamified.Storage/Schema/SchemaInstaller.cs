using System.Reflection;
using Gamified.Storage.Database;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Schema;

/// <summary>
/// Applies the SQL scripts of <c>ops/sql/&lt;provider&gt;/</c> (embedded in this assembly) in order.
/// Every script is idempotent, so applying them to a database that has them already changes nothing.
/// </summary>
public sealed class SchemaInstaller(GamifiedDatabase database, ILogger<SchemaInstaller> logger)
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
    }

    private static string ReadScript(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Schema script '{resourceName}' is not embedded in {typeof(SchemaInstaller).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
