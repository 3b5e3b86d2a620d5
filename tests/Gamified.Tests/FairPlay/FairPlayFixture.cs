using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// A server whose clock the abuse tests can move forward (a campaign that has ended, a day that has passed). One per
/// storage, shared by the fair-play tests of that storage; every test makes its own department, scheme and learners.
/// </summary>
public abstract class FairPlayFixture : IAsyncLifetime
{
    private GamifiedServer? _server;

    public GamifiedServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public TestClock Clock { get; } = new();

    protected abstract Task<ServerStorage> CreateStorageAsync();

    public async Task InitializeAsync() => _server = await GamifiedServer.StartAsync(await CreateStorageAsync(), Clock);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

public sealed class SqliteFairPlayFixture : FairPlayFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => Task.FromResult(ServerStorage.NewSqlite());
}

public sealed class PostgresFairPlayFixture : FairPlayFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => ServerStorage.NewPostgresAsync();
}

/// <summary>The SQLite server whose clock tests may move forward, shared by the classes that need that (and only by them).</summary>
[CollectionDefinition(Name)]
public sealed class SqliteFairPlayCollection : ICollectionFixture<SqliteFairPlayFixture>
{
    public const string Name = "server with a movable clock on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresFairPlayCollection : ICollectionFixture<PostgresFairPlayFixture>
{
    public const string Name = "server with a movable clock on PostgreSQL";
}
