using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gamified.Storage.Database;

/// <summary>
/// The one relational database behind the server: where it is, how to open it, and its Orleans
/// ADO.NET invariant. Both providers run the same DML (times as Unix milliseconds, text ids), so only
/// the DDL scripts differ per provider.
/// </summary>
public sealed class GamifiedDatabase
{
    /// <summary>How PostgreSQL's <c>pg_stat_activity</c> names this server's connections unless the connection string names them.</summary>
    public const string ApplicationName = "gamified";

    private readonly DbProviderFactory _factory;

    // Bounds the node's own database work (Orleans' grain-state and clustering queries are Orleans's). The ledger's group
    // committer keeps one slot of its own outside it, so statement appends never queue behind a burst of report reads.
    private readonly SemaphoreSlim _slots;
    private int _waiting;

    public GamifiedDatabase(StorageProvider provider, string connectionString,
        int maxConcurrentCommands = StorageOptions.DefaultMaxConcurrentCommands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentCommands, 2);
        Provider = provider;
        ConnectionString = provider == StorageProvider.Postgres ? Named(connectionString) : connectionString;
        MaxConcurrentCommands = maxConcurrentCommands;
        _slots = new SemaphoreSlim(maxConcurrentCommands - 1);
        _factory = provider == StorageProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
    }

    /// <summary>Database commands this node runs at once, the group committer's included.</summary>
    public int MaxConcurrentCommands { get; }

    /// <summary>Slots taken now, the group committer's not included.</summary>
    public int CommandsRunning => MaxConcurrentCommands - 1 - _slots.CurrentCount;

    /// <summary>Work waiting for a slot.</summary>
    public int CommandsWaiting => Volatile.Read(ref _waiting);

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Orleans 10.4 maps the invariant <c>System.Data.SQLite</c> to Microsoft.Data.Sqlite; the invariant
    /// <c>Microsoft.Data.Sqlite</c> itself fails at silo start.
    /// </summary>
    public string OrleansInvariant => Provider == StorageProvider.Sqlite ? "System.Data.SQLite" : "Npgsql";

    public static GamifiedDatabase FromOptions(StorageOptions options)
    {
        if (options.Provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres.");
            return new GamifiedDatabase(StorageProvider.Postgres, options.ConnectionString, options.MaxConcurrentCommands);
        }

        var directory = Path.GetFullPath(options.DataDirectory);
        System.IO.Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "gamified.db"),
            DefaultTimeout = 30,
            Pooling = true,
        };
        return new GamifiedDatabase(StorageProvider.Sqlite, builder.ToString(), options.MaxConcurrentCommands);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = _factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync(cancellationToken);
        if (Provider == StorageProvider.Sqlite)
        {
            // SQLite has one writer; the group commits, the projections and Orleans's storage take turns. Without a busy
            // timeout of SQLite's own, Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms before it tries
            // again, which under load put that much on most statements; SQLite's handler retries within milliseconds.
            await using var busy = connection.Command($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            await busy.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    private const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>
    /// Runs database work on the thread pool once one of the node's command slots is free. Microsoft.Data.Sqlite does
    /// its I/O synchronously even in its async methods; running it here keeps that blocking off the Orleans scheduler's
    /// few threads. The token stops the wait for a slot and, on PostgreSQL, the command itself (Npgsql sends a cancel
    /// request to the server), so a request that timed out or whose client left leaves nothing running.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        try
        {
            return await Task.Run(async () =>
            {
                await using var connection = await OpenAsync(cancellationToken);
                return await work(connection, cancellationToken);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in the transaction and returns the rows they changed, in all: on PostgreSQL in one
    /// round trip of statements Npgsql keeps prepared (<see cref="PostgresBatch"/>), on SQLite (in process, no round trips)
    /// one command after another. Values for parameters a statement does not use are left out.
    /// </summary>
    public async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Statement> statements,
        CancellationToken cancellationToken = default)
    {
        if (Provider == StorageProvider.Postgres)
        {
            var batch = new PostgresBatch(connection, transaction);
            foreach (var statement in statements) batch.Add(statement);
            return batch.Count == 0 ? 0 : await batch.ExecuteNonQueryAsync();
        }
        var changed = 0;
        foreach (var statement in statements)
        {
            await using var command = connection.Command(statement.Sql, transaction);
            foreach (var name in PostgresBatch.ParameterNames(statement.Sql))
                command.With(name, statement.Parameters.First(p => p.Name == name).Value);
            changed += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return changed;
    }

    /// <summary><paramref name="sql"/> once for each row of values, as <see cref="ExecuteAsync"/> runs statements.</summary>
    public Task<int> ExecuteEachAsync(DbConnection connection, DbTransaction transaction, string sql,
        IEnumerable<(string Name, object? Value)[]> rows, CancellationToken cancellationToken = default) =>
        ExecuteAsync(connection, transaction, rows.Select(values => new Statement(sql, values)), cancellationToken);

    /// <summary>
    /// The connection string with our defaults where it says nothing: the application's name, and pooled connections kept
    /// as they are between uses. Nothing here leaves session state behind (no SET, LISTEN or temporary tables; the migration
    /// lock is released explicitly), so the <c>DISCARD ALL</c> Npgsql would otherwise send on every return to the pool is
    /// pure cost, and it would also drop the statements Npgsql prepares for the hot paths (<c>Max Auto Prepare</c>).
    /// </summary>
    private static string Named(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = ApplicationName;
        if (!Says(given, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        if (!Says(given, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    private static bool Says(System.Data.Common.DbConnectionStringBuilder given, params string[] keys) =>
        keys.Any(given.ContainsKey);

    public bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
