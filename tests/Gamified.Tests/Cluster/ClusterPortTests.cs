using System.Net;
using Gamified.Server.Hosting;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gamified.Tests.Cluster;

/// <summary>
/// A node's Orleans surface is one port, the silo-to-silo one, on the cluster address only: no client gateway (the web
/// server is the silo's only client, in-process), nothing on other addresses.
/// </summary>
public sealed class ClusterPortTests
{
    [Fact]
    public async Task a_postgres_node_listens_on_its_silo_port_at_the_cluster_address_only_and_opens_no_gateway()
    {
        // An address of its own on loopback (127.0.0.0/8), so every listener on it is this node's.
        var address = new IPAddress([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(2, 255)]);
        await using var node = await GamifiedServer.StartAsync(await ServerStorage.NewPostgresAsync(), $"--Orleans:AdvertisedAddress={address}");
        var siloPort = node.Orleans().SiloPort;

        var onItsAddress = SiloProbe.Listeners().Where(l => l.Address.Equals(address)).Select(l => l.Port).ToArray();
        Assert.Equal([siloPort], onItsAddress);
        Assert.DoesNotContain(SiloProbe.Listeners(), l => l.Port == siloPort && (l.Address.Equals(IPAddress.Any) || l.Address.Equals(IPAddress.IPv6Any)));
        Assert.True(await SiloProbe.AcceptsAsync(new IPEndPoint(address, siloPort)));
        Assert.False(await SiloProbe.AcceptsAsync(new IPEndPoint(IPAddress.Loopback, siloPort)));

        await AssertNoGatewayAsync(node);
    }

    [Fact]
    public async Task a_sqlite_node_listens_on_loopback_only_and_opens_no_gateway()
    {
        await using var node = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var siloPort = node.Orleans().SiloPort;

        Assert.Equal([IPAddress.Loopback], SiloProbe.Listeners().Where(l => l.Port == siloPort).Select(l => l.Address).ToArray());
        Assert.True(await SiloProbe.AcceptsAsync(new IPEndPoint(IPAddress.Loopback, siloPort)));
        Assert.False(await SiloProbe.AcceptsAsync(new IPEndPoint(IPAddress.Parse("127.0.0.2"), siloPort)));

        await AssertNoGatewayAsync(node);
    }

    /// <summary>The node advertises no gateway to the cluster (its membership row) and its silo was given none.</summary>
    private static async Task AssertNoGatewayAsync(GamifiedServer node)
    {
        var hosts = await node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        var self = Assert.Single(hosts);
        Assert.Equal(0, self.ProxyPort);

        var endpoints = node.Services.GetRequiredService<IOptions<Orleans.Configuration.EndpointOptions>>().Value;
        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Theory]
    [InlineData("--Orleans:GatewayPort=30000", "Orleans: GatewayPort is no longer used")]
    [InlineData("--Orleans:AdvertisedAddress=node-a.internal", "Orleans: AdvertisedAddress 'node-a.internal' is not an IP address")]
    [InlineData("--Orleans:AdvertisedAddress=0.0.0.0", "Orleans: AdvertisedAddress must name this node's address")]
    [InlineData("--Orleans:Tls:CertificateFile=/nonexistent/node.pfx", "Orleans: Tls:CertificateFile '/nonexistent/node.pfx' does not exist")]
    [InlineData("--Orleans:Tls:TrustedThumbprints:0=AB:CD", "Orleans: Tls:CertificateFile is required")]
    public void an_unworkable_cluster_setting_stops_the_server_naming_it(string setting, string named)
    {
        var refusal = Assert.Throws<OptionsValidationException>(() => GamifiedHost.Build(["--Urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}", setting]));
        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public void tls_without_a_rule_for_peers_or_with_an_unreadable_certificate_is_refused()
    {
        var files = new TestCertificates();
        using var certificate = TestCertificates.Node("gamified-node");
        var pfx = files.WritePfx(certificate, "secret");

        Assert.Contains("Orleans: Tls needs Tls:TrustedThumbprints or Tls:CaCertificateFile",
            Refusal($"--Orleans:Tls:CertificateFile={pfx}", "--Orleans:Tls:CertificatePassword=secret"));
        Assert.Contains("Orleans: Tls:CertificateFile", Refusal($"--Orleans:Tls:CertificateFile={pfx}", "--Orleans:Tls:CertificatePassword=wrong",
            $"--Orleans:Tls:TrustedThumbprints:0={TestCertificates.Sha256(certificate)}"));
        Assert.Contains("Orleans: Tls:CertificateFile", Refusal($"--Orleans:Tls:CertificateFile={files.WritePublicPem(certificate)}",
            $"--Orleans:Tls:TrustedThumbprints:0={TestCertificates.Sha256(certificate)}"));
        Assert.Contains("Orleans: Tls:TrustedThumbprints: 'abc' is not a SHA-256 fingerprint", Refusal($"--Orleans:Tls:CertificateFile={pfx}",
            "--Orleans:Tls:CertificatePassword=secret", "--Orleans:Tls:TrustedThumbprints:0=abc"));

        static string Refusal(params string[] settings) => Assert.Throws<OptionsValidationException>(() => GamifiedHost.Build(
            ["--Urls=http://127.0.0.1:0", $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}", .. settings]))
            .Message;
    }
}
