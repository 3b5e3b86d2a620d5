namespace Gamified.Tests.Infrastructure;

/// <summary>One running server per test class, on the storage the subclass chooses.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private GamifiedServer? _server;

    public GamifiedServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public ServerStorage Storage { get; private set; } = null!;

    protected abstract Task<ServerStorage> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        Storage = await CreateStorageAsync();
        _server = await GamifiedServer.StartAsync(Storage);
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
