using Gamified.Api.Security;
using Gamified.Tests.Contract;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>
/// Three real server processes clustered through a PostgreSQL of their own, with boards in a Redis of their own: what a
/// city runs behind its load balancer. The nodes share one data directory for the local signing key (an operator
/// copies the key file to every node), so a token minted here is accepted by all three.
/// </summary>
public sealed class ThreeNodes : IAsyncLifetime
{
    /// <summary>The fault tests share one cluster (booting three nodes is their main cost) and run one after another.</summary>
    public const string Collection = "three real nodes";

    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("gamified-three-nodes-");
    private OwnPostgres? _postgres;
    private OwnRedis? _redis;

    internal OwnPostgres Postgres => _postgres!;

    internal OwnRedis Redis => _redis!;

    internal List<ServerNode> Nodes { get; } = [];

    internal LocalTokens Tokens { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    /// <summary>Where the nodes' logs are kept (GAMIFIED_TEST_KEEP_NODE_LOGS=1 leaves them behind, for a failing test's story).</summary>
    public string LogDirectory => _directory.FullName;

    public async Task InitializeAsync()
    {
        _postgres = await OwnPostgres.StartAsync();
        _redis = await OwnRedis.StartAsync();
        var data = _directory.CreateSubdirectory("data").FullName;
        var content = _directory.CreateSubdirectory("content").FullName;
        var cluster = $"three-{Guid.NewGuid():n}"[..20];
        string[] Settings(int siloPort) =>
        [
            $"--Storage:Provider=Postgres", $"--Storage:ConnectionString={Postgres.ConnectionString}", $"--Storage:DataDirectory={data}",
            $"--Leaderboards:Redis={Redis.Endpoint}", "--Leaderboards:PageCacheTime=00:00:00",
            // Loopback on purpose: every node of this test runs on this one machine, where loopback reaches them all.
            // Outside Development the start checks refuse a loopback cluster address unless told, and OneMachine is the
            // setting that tells them (it changes nothing else).
            $"--Orleans:ClusterId={cluster}", $"--Orleans:SiloPort={siloPort}", "--Orleans:AdvertisedAddress=127.0.0.1", "--Orleans:OneMachine=true",
            "--Auth:AllowLocalTokens=true", $"--Content:Directory={content}",
            "--RateLimits:PerUserPerMinute=100000000", "--RateLimits:PerAddressPerMinute=100000000",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            // A stopping node answers 503 on readiness for the drain time: the default 2 s was once too short for the
            // graceful-shutdown test to see it on a loaded machine (three nodes, CI and builds on two cores).
            "--Shutdown:DrainTime=00:00:05",
        ];

        var migrate = await ChildProcess.RunAsync("dotnet", [ServerNode.ServerDll, "migrate", .. Settings(FreePort.Next())], _directory.FullName,
            TimeSpan.FromMinutes(2), new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Staging" });
        Assert.True(migrate.Exit == 0, $"migrate failed: {migrate.Output}\n{migrate.Errors}");
        // The key exists before any node starts, so no two nodes create keys of their own at once.
        Tokens = new LocalTokens(new AuthOptions(), data, TimeProvider.System);
        AdminToken = Tokens.Issue("cluster-admin", [Roles.Admin]);

        for (var i = 0; i < 3; i++) Nodes.Add(new ServerNode($"node{i + 1}", FreePort.Next(), LogDirectory, Settings(FreePort.Next())));
        // The first one alone (it creates the cluster's first rows), then the other two together.
        Nodes[0].Start();
        await Nodes[0].WaitReadyAsync();
        Nodes[1].Start();
        Nodes[2].Start();
        await Task.WhenAll(Nodes[1].WaitReadyAsync(), Nodes[2].WaitReadyAsync());
    }

    /// <summary>A client of one node with the admin's token.</summary>
    public GraphQLClient Client(int node) => ClientOf(Nodes[node]);

    internal GraphQLClient ClientOf(ServerNode node)
    {
        var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return new GraphQLClient(http);
    }

    /// <summary>Brings back every node that a test left stopped, so the next test starts with three.</summary>
    internal async Task EnsureAllRunningAsync()
    {
        foreach (var node in Nodes.Where(n => !n.IsRunning)) node.Start();
        await Task.WhenAll(Nodes.Select(n => n.WaitReadyAsync()));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (Environment.GetEnvironmentVariable("GAMIFIED_TEST_KEEP_NODE_LOGS") == "1") return;
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(ThreeNodes.Collection)]
public sealed class ThreeNodesCollection : ICollectionFixture<ThreeNodes>;
