using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Cluster;

/// <summary>
/// With <c>Orleans:Tls</c>, nodes talk to each other over TLS with mutual authentication, and a peer whose certificate
/// is neither pinned nor issued by the configured CA is turned away in the handshake.
/// </summary>
public sealed class SiloTlsTests
{
    [Fact]
    public async Task a_node_pair_talks_over_tls_and_a_stranger_certificate_is_refused()
    {
        var files = new TestCertificates();
        using var authority = TestCertificates.Authority("Gamified test cluster CA");
        using var certificateA = TestCertificates.Node("gamified-node-a", authority);
        using var certificateB = TestCertificates.Node("gamified-node-b", authority);
        using var stranger = TestCertificates.Node("gamified-node-a");
        var (pemA, keyA) = files.WritePem(certificateA);

        var storage = await ServerStorage.NewPostgresAsync();
        var cluster = $"--Orleans:ClusterId=tls-{Guid.NewGuid():n}";
        // Node A: PEM files, and any node certificate the CA issued. Node B: a PKCS#12 file, and A's certificate pinned.
        var boards = TestRedis.BoardArguments();
        await using var nodeA = await GamifiedServer.StartAsync(storage, [cluster, .. boards,
            $"--Orleans:Tls:CertificateFile={pemA}", $"--Orleans:Tls:KeyFile={keyA}",
            $"--Orleans:Tls:CaCertificateFile={files.WritePublicPem(authority)}"]);
        await using var nodeB = await GamifiedServer.StartAsync(storage, [cluster, .. boards,
            $"--Orleans:Tls:CertificateFile={files.WritePfx(certificateB, "node-b-secret")}", "--Orleans:Tls:CertificatePassword=node-b-secret",
            $"--Orleans:Tls:TrustedThumbprints:0={TestCertificates.Sha256(certificateA)}"]);

        // The silo ports speak TLS with the configured certificates, and greet peers with an accepted certificate only.
        var clusterId = nodeA.Orleans().ClusterId;
        var greetedByA = await SiloProbe.GreetingOverTlsAsync(nodeA.SiloEndpoint(), certificateB);
        Assert.Equal(certificateA.Thumbprint, greetedByA?.Certificate.Thumbprint);
        Assert.True(greetedByA!.Names(clusterId));
        var greetedByB = await SiloProbe.GreetingOverTlsAsync(nodeB.SiloEndpoint(), certificateA);
        Assert.Equal(certificateB.Thumbprint, greetedByB?.Certificate.Thumbprint);
        Assert.True(greetedByB!.Names(clusterId));
        Assert.Null(await SiloProbe.GreetingOverTlsAsync(nodeA.SiloEndpoint(), stranger));
        Assert.Null(await SiloProbe.GreetingOverTlsAsync(nodeB.SiloEndpoint(), stranger));
        Assert.Null(await SiloProbe.GreetingOverTlsAsync(nodeB.SiloEndpoint(), certificateB)); // issued by the CA, but B pins A only
        Assert.Null(await SiloProbe.GreetingOverTlsAsync(nodeA.SiloEndpoint(), certificate: null));

        // One cluster: each node sees both silos active, and A reaches B's silo directly.
        var management = nodeA.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Poll.Until(async () => (await nodeB.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0)
            .GetHosts(onlyActive: true)).Count == 2 && (await management.GetHosts(onlyActive: true)).Count == 2, "both nodes see two active silos");
        var siloB = (await management.GetHosts(onlyActive: true)).Keys.Single(s => s.Endpoint.Port == nodeB.Orleans().SiloPort);
        Assert.Single(await management.GetRuntimeStatistics([siloB]));

        // And the application works across them: a learner registered through A earns through B.
        var admin = new Scenario(nodeA.Client);
        var learner = await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync());
        (await new Scenario(nodeB.Client).RecordActivityAsync(learner, "via-b")).AssertNoErrors();
        Assert.Equal(10, (await admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }
}
