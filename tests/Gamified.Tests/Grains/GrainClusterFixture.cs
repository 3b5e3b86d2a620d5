using Gamified.Api.Live;
using Gamified.Common;
using Gamified.Live;
using Gamified.Rewards;
using Gamified.Storage;
using Gamified.Storage.Database;
using Gamified.Storage.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Gamified.Tests.Grains;

/// <summary>
/// The grain tier: the domain's grains in an Orleans test cluster, with no HTTP, GraphQL or authentication in front.
/// The stores are the real ones (SQLite in a directory of its own), so what the grains write is what a server writes.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gamified-grains-" + Guid.NewGuid().ToString("n"));
    private InProcessTestCluster? _cluster;

    public IGrainFactory Grains => _cluster?.Client ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _directory })
            .Build();
        await new SchemaInstaller(GamifiedDatabase.FromOptions(new StorageOptions { DataDirectory = _directory }),
            NullLogger<SchemaInstaller>.Instance).ApplyAsync();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Main);
            silo.Services.AddGamifiedStorage(configuration);
            silo.Services.AddGamifiedDomain(configuration);
            silo.Services.AddSingleton<LiveEvents>();
            silo.Services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<LiveEvents>());
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        // The default scheme, as a new server seeds it.
        var scheme = Grains.RewardScheme(DefaultScheme.Id);
        await scheme.Create(DefaultScheme.Definition, "system");
        await scheme.Activate(DateTimeOffset.UtcNow, "system");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temporary directory is the system's to clear.
        }
    }
}
