namespace Gamified.Tests.Infrastructure;

/// <summary>Where a test server keeps its data: an embedded SQLite file or a PostgreSQL database.</summary>
public abstract record ServerStorage
{
    public abstract IEnumerable<string> Arguments { get; }

    public static ServerStorage NewSqlite() =>
        new SqliteStorage(Path.Combine(Path.GetTempPath(), "gamified-tests", Guid.NewGuid().ToString("n")));

    /// <summary>A migrated PostgreSQL database; the server connects as the restricted role (docs/LEDGER.md, "Least privilege").</summary>
    public static async Task<ServerStorage> NewPostgresAsync()
    {
        var (owner, server) = await TestPostgres.CreateMigratedDatabaseAsync();
        return new PostgresStorage(owner, server);
    }

    /// <summary>An empty PostgreSQL database of the owner role, for a restore to fill.</summary>
    public static async Task<PostgresStorage> NewEmptyPostgresAsync()
    {
        var (owner, server) = await TestPostgres.CreateOwnedDatabaseAsync();
        return new PostgresStorage(owner, server);
    }
}

public sealed record SqliteStorage(string DataDirectory) : ServerStorage
{
    public string DatabaseFile => Path.Combine(DataDirectory, "gamified.db");

    public override IEnumerable<string> Arguments => ["--Storage:Provider=Sqlite", $"--Storage:DataDirectory={DataDirectory}"];
}

/// <summary><paramref name="ConnectionString"/> is the owner's, for what a test does to the database itself (an insider's
/// rewrite, a dump, a migration); the server runs with <paramref name="ServerConnectionString"/>, the restricted role's.</summary>
public sealed record PostgresStorage(string ConnectionString, string ServerConnectionString) : ServerStorage
{
    public override IEnumerable<string> Arguments =>
        ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={ServerConnectionString}"];

    /// <summary>For commands that run as the owner: <c>migrate</c> (which grants the server's role again).</summary>
    public IEnumerable<string> OwnerArguments =>
        ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={ConnectionString}", $"--Storage:ServerRole={TestPostgres.ServerRole}"];
}
