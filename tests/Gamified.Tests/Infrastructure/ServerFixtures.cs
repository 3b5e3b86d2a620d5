namespace Gamified.Tests.Infrastructure;

/// <summary>One running server per test class (or per collection), on the storage the subclass chooses.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private GamifiedServer? _server;

    public GamifiedServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public ServerStorage Storage { get; private set; } = null!;

    protected abstract Task<ServerStorage> CreateStorageAsync();

    /// <summary>Configuration the tests sharing this server all need.</summary>
    protected virtual string[] Arguments => [];

    public async Task InitializeAsync()
    {
        Storage = await CreateStorageAsync();
        _server = await GamifiedServer.StartAsync(Storage, Arguments);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

public sealed class SqliteServerFixture : ServerFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => Task.FromResult(ServerStorage.NewSqlite());
}

public sealed class PostgresServerFixture : ServerFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => ServerStorage.NewPostgresAsync();
}

/// <summary>A SQLite server that takes request bodies of up to 20 MB, so oversized uploads reach the package checks.</summary>
public sealed class LargeUploadServerFixture : ServerFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => Task.FromResult(ServerStorage.NewSqlite());

    protected override string[] Arguments => ["--GraphQL:MaxBodyBytes=20000000"];
}

/// <summary>
/// One SQLite server shared by every HTTP test class that only needs isolated ids (xunit runs a collection's classes one
/// after another, so they never see each other mid-test). A class that changes the server's clock, configuration or
/// anything organisation-wide boots its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SqliteServerCollection : ICollectionFixture<SqliteServerFixture>
{
    public const string Name = "server on SQLite";
}

/// <summary>The PostgreSQL twin of <see cref="SqliteServerCollection"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "server on PostgreSQL";
}
