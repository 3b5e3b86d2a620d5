using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Plans;

/// <summary>
/// A server with two packages to put in plans and a clock the tests can move forward (deadlines, code expiry).
/// One per storage, shared by the plan, check-in and brainstorm tests of that storage.
/// </summary>
public abstract class PlanFixture : IAsyncLifetime
{
    public const string FirstPackage = "test.sample.basics";
    public const string SecondPackage = "test.sample.second";

    private GamifiedServer? _server;

    public GamifiedServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public TestClock Clock { get; } = new();

    protected abstract Task<ServerStorage> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        var content = ContentScenario.NewContentDirectory(("sample", null),
            ("second", new Dictionary<string, string?> { ["manifest.json"] = SamplePackage.Manifest(FirstPackage, SecondPackage) }));
        _server = await GamifiedServer.StartAsync(await CreateStorageAsync(), Clock, $"--Content:Directory={content}");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

public sealed class SqlitePlanFixture : PlanFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => Task.FromResult(ServerStorage.NewSqlite());
}

public sealed class PostgresPlanFixture : PlanFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => ServerStorage.NewPostgresAsync();
}

[CollectionDefinition(Name)]
public sealed class SqlitePlanCollection : ICollectionFixture<SqlitePlanFixture>
{
    public const string Name = "plans on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresPlanCollection : ICollectionFixture<PostgresPlanFixture>
{
    public const string Name = "plans on PostgreSQL";
}
