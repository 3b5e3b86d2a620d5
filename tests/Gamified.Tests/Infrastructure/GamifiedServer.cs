using Gamified.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// The real server (Kestrel, Orleans silo, real storage) started in-process on loopback ports.
/// Stopping and starting it again on the same storage is a real restart: nothing is kept in memory.
/// </summary>
public sealed class GamifiedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GamifiedServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new GraphQLClient(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) });
    }

    public Uri Address { get; }

    public GraphQLClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GamifiedServer> StartAsync(ServerStorage storage, params string[] extraArguments)
    {
        string[] args =
        [
            "--Urls=http://127.0.0.1:0",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            $"--Orleans:ClusterId=test-{Guid.NewGuid():n}",
            .. storage.Arguments,
            .. extraArguments,
        ];
        var app = GamifiedHost.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await GamifiedHost.StartAsync(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new GamifiedServer(app, new Uri(address));
    }

    public async Task StopAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped by the test.
        }
    }
}
