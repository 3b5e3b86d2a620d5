using Gamified.Api.Security;
using Gamified.Server.Hosting;
using Gamified.Storage.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// The real server (Kestrel, Orleans silo, real storage) started in-process on loopback ports.
/// Stopping and starting it again on the same storage is a real restart: nothing is kept in memory.
/// </summary>
public sealed class GamifiedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly List<GraphQLClient> _clients = [];

    private GamifiedServer(WebApplication app, Uri address, ServerLog log)
    {
        _app = app;
        Address = address;
        Log = log;
        // With an external identity provider (Auth:Authority) there is no local key to sign the admin's token with.
        Client = app.Services.GetService<LocalTokens>() is null ? ClientWithToken(null) : ClientAs("test-admin", [Roles.Admin]);
        Anonymous = ClientWithToken(null);
    }

    /// <summary>A client with a token for the given subject, roles and managed departments.</summary>
    public GraphQLClient ClientAs(string subject, string[] roles, string[]? departments = null) =>
        ClientWithToken(_app.Services.GetRequiredService<LocalTokens>().Issue(subject, roles, departments));

    public GraphQLClient ClientWithToken(string? token)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var client = new GraphQLClient(http);
        _clients.Add(client);
        return client;
    }

    /// <summary>A client without a token.</summary>
    public GraphQLClient Anonymous { get; }

    public Uri Address { get; }

    /// <summary>An admin's client: admins may do everything, so tests of behaviour (not of access) use it.</summary>
    public GraphQLClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>What the server logged: warnings and above, and its own debug lines.</summary>
    public ServerLog Log { get; }

    public static Task<GamifiedServer> StartAsync(ServerStorage storage, params string[] extraArguments) =>
        StartAsync(storage, clock: null, extraArguments);

    /// <summary>Starts the server with <paramref name="clock"/> as its <see cref="TimeProvider"/> (when given).</summary>
    public static async Task<GamifiedServer> StartAsync(ServerStorage storage, TimeProvider? clock, params string[] extraArguments)
    {
        var boot = BootLog.Start();
        string[] args =
        [
            "--Urls=http://127.0.0.1:0",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:ClusterId=test-{Guid.NewGuid():n}",
            "--environment=Development",
            // No packages unless a test brings its own (extra arguments come later and win).
            $"--Content:Directory={Path.Combine(Path.GetTempPath(), "gamified-no-content")}",
            "--RateLimits:PerUserPerMinute=1000000",
            "--RateLimits:PerAddressPerMinute=1000000",
            .. storage.Arguments,
            .. extraArguments,
        ];
        var log = new ServerLog();
        var app = GamifiedHost.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(log);
            // The captured log takes the server's own debug lines too (it filters them itself).
            builder.Logging.AddFilter<ServerLog>("Gamified", LogLevel.Debug);
            // For a failing test's server-side story: GAMIFIED_TEST_LOG=1 writes warnings and errors to the console.
            if (Environment.GetEnvironmentVariable("GAMIFIED_TEST_LOG") == "1") builder.Logging.AddConsole();
            if (clock is not null) builder.Services.AddSingleton(clock);
        });
        await GamifiedHost.StartAsync(app);
        boot.Started();
        // The first address is the one Urls names; a second is Telemetry:MetricsPort's.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new GamifiedServer(app, new Uri(address), log);
    }

    public async Task StopAsync()
    {
        foreach (var client in _clients) client.Dispose();
        var database = _app.Services.GetService<GamifiedDatabase>();
        await _app.StopAsync();
        await _app.DisposeAsync();
        // Npgsql keeps a stopped server's idle connections in its process-wide pool for minutes; the suite starts
        // about 150 servers in one process against one PostgreSQL, and those idle connections once used up its
        // max_connections. A real server's process ends with its host; this one hands its connections back now.
        if (database?.Provider == StorageProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
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
