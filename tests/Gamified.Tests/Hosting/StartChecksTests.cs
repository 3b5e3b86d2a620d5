using Gamified.Server.Hosting;
using Gamified.Tests.Cluster;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Hosting;

/// <summary>
/// Settings that only make sense together, or only beside the running nodes, are checked when a server is about to serve:
/// it refuses to start with a message naming the setting, rather than serve unreachable or disagreeing with its peers.
/// </summary>
public sealed class StartChecksTests
{
    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), "gamified-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task outside_development_a_server_without_urls_refuses_to_start_naming_urls()
    {
        await using var app = GamifiedHost.Build([$"--Storage:DataDirectory={TempDirectory()}", $"--Orleans:SiloPort={FreePort.Next()}"]);
        var refusal = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedHost.StartAsync(app));
        Assert.Contains("Urls is not set", refusal.Message);
    }

    [Fact]
    public async Task outside_development_a_loopback_cluster_address_on_postgres_is_refused_unless_the_node_is_single_on_purpose()
    {
        string[] postgres = ["--Urls=http://127.0.0.1:0", "--Storage:Provider=Postgres", "--Storage:ConnectionString=Host=127.0.0.1;Database=unused",
            $"--Storage:DataDirectory={TempDirectory()}", "--Orleans:AdvertisedAddress=127.0.0.1"];
        await using var app = GamifiedHost.Build(postgres);
        var refusal = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedHost.StartAsync(app));
        Assert.Contains("Orleans:AdvertisedAddress is 127.0.0.1 (loopback)", refusal.Message);
        Assert.Contains("Orleans:OneMachine=true", refusal.Message);

        // With the opt-in the address check passes: what stops this start is the database, which does not exist.
        await using var single = GamifiedHost.Build([.. postgres, "--Orleans:OneMachine=true", "--Storage:ApplySchemaOnStart=true"]);
        var next = await Record.ExceptionAsync(() => GamifiedHost.StartAsync(single));
        Assert.DoesNotContain("Orleans:AdvertisedAddress", next?.Message ?? "");
    }

    [Fact]
    public void a_metrics_port_beside_kestrel_endpoints_is_refused_rather_than_never_bound()
    {
        var refusal = Assert.Throws<StartRefusedException>(() => GamifiedHost.Build([$"--Storage:DataDirectory={TempDirectory()}",
            "--Kestrel:Endpoints:Main:Url=http://127.0.0.1:0", $"--Telemetry:MetricsPort={FreePort.Next()}"]));
        Assert.Contains("Telemetry:MetricsPort", refusal.Message);
    }

    [Fact]
    public async Task a_postgres_database_without_the_schema_is_refused_with_what_to_run()
    {
        var empty = await TestPostgres.CreateDatabaseAsync();
        await using var app = GamifiedHost.Build(["--Urls=http://127.0.0.1:0", "--Storage:Provider=Postgres", $"--Storage:ConnectionString={empty}",
            $"--Storage:DataDirectory={TempDirectory()}", "--Orleans:OneMachine=true", $"--Orleans:SiloPort={FreePort.Next()}"]);
        var refusal = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedHost.StartAsync(app));
        Assert.Contains("run the migrate command", refusal.Message);
    }

    [Fact]
    public async Task a_refused_start_exits_with_the_configuration_code_and_the_message_alone()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Gamified.Tests.Cluster.Faults.ServerNode.ServerDll, $"--Urls=http://127.0.0.1:{FreePort.Next()}",
                     "--Storage:Provider=Postgres", "--Storage:ConnectionString=Host=127.0.0.1;Database=unused",
                     $"--Storage:DataDirectory={TempDirectory()}", "--Orleans:AdvertisedAddress=127.0.0.1"])
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        using var process = System.Diagnostics.Process.Start(start)!;
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(GamifiedHost.ConfigurationError, process.ExitCode);
        Assert.Contains("The server did not start. Orleans:AdvertisedAddress is 127.0.0.1 (loopback)", await errors);
        // What an operator reads in the journal: the setting to change, not a stack trace or a crash dump.
        Assert.DoesNotContain("   at ", await errors + await output);
        Assert.DoesNotContain("Unhandled exception", await errors);
    }

    [Fact]
    public async Task a_second_node_refuses_to_start_without_redis_boards_or_with_another_credential_or_sign_in_key()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        var cluster = $"--Orleans:ClusterId=checks-{Guid.NewGuid():n}";
        var keys = TempDirectory();
        await using var first = await GamifiedServer.StartAsync(storage, [cluster, $"--Credentials:SigningKeyFile={Path.Combine(keys, "a.pem")}",
            .. TestRedis.BoardArguments()]);

        var withoutRedis = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedServer.StartAsync(storage, cluster,
            $"--Credentials:SigningKeyFile={Path.Combine(keys, "a.pem")}"));
        Assert.Contains("Leaderboards:Redis is not set", withoutRedis.Message);
        Assert.Contains($"127.0.0.1:{first.Orleans().SiloPort}", withoutRedis.Message);

        // Another key file: a new key, whose id differs from the one the first node published.
        var otherKey = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedServer.StartAsync(storage, [cluster,
            $"--Credentials:SigningKeyFile={Path.Combine(keys, "b.pem")}", .. TestRedis.BoardArguments()]));
        Assert.Contains("Credentials:SigningKeyFile", otherKey.Message);
        Assert.Contains(first.Services.GetRequiredService<Gamified.Api.Exports.BadgeCredentials>().KeyId, otherKey.Message);

        // The same credential key, but another sign-in key: tokens signed on one node would be refused by the other.
        var otherSignIn = await Assert.ThrowsAsync<StartRefusedException>(() => GamifiedServer.StartAsync(storage, [cluster,
            $"--Credentials:SigningKeyFile={Path.Combine(keys, "a.pem")}", $"--Auth:BuiltInProvider:SigningKeyFile={Path.Combine(keys, "oidc-b.pem")}",
            .. TestRedis.BoardArguments()]));
        Assert.Contains("Auth:BuiltInProvider:SigningKeyFile", otherSignIn.Message);
    }
}
