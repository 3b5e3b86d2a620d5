namespace Gamified.Tests.Infrastructure;

/// <summary>Where a test server keeps its data: an embedded SQLite file or a PostgreSQL database.</summary>
public abstract record ServerStorage
{
    public abstract IEnumerable<string> Arguments { get; }

    public static ServerStorage NewSqlite() =>
        new SqliteStorage(Path.Combine(Path.GetTempPath(), "gamified-tests", Guid.NewGuid().ToString("n")));

    public static async Task<ServerStorage> NewPostgresAsync() => new PostgresStorage(await TestPostgres.CreateDatabaseAsync());
}

public sealed record SqliteStorage(string DataDirectory) : ServerStorage
{
    public string DatabaseFile => Path.Combine(DataDirectory, "gamified.db");

    public override IEnumerable<string> Arguments => ["--Storage:Provider=Sqlite", $"--Storage:DataDirectory={DataDirectory}"];
}

public sealed record PostgresStorage(string ConnectionString) : ServerStorage
{
    public override IEnumerable<string> Arguments =>
        ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={ConnectionString}", "--Storage:ApplySchemaOnStart=true"];
}
