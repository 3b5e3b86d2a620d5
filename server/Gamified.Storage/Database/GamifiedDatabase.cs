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
    private readonly DbProviderFactory _factory;

    public GamifiedDatabase(StorageProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _factory = provider == StorageProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
    }

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
            return new GamifiedDatabase(StorageProvider.Postgres, options.ConnectionString);
        }

        var directory = Path.GetFullPath(options.DataDirectory);
        System.IO.Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "gamified.db"),
            DefaultTimeout = 30,
            Pooling = true,
        };
        return new GamifiedDatabase(StorageProvider.Sqlite, builder.ToString());
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = _factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Runs database work on the thread pool. Microsoft.Data.Sqlite does its I/O synchronously even in its
    /// async methods; running it here keeps that blocking off the Orleans scheduler's few threads.
    /// </summary>
    public Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        Task.Run(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection, cancellationToken);
        }, cancellationToken);

    public bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
