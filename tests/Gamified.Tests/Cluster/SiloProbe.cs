using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gamified.Server.Hosting;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Cluster;

/// <summary>What a node's silo port looks like from outside, with real sockets.</summary>
internal static class SiloProbe
{
    public static GamifiedOrleansOptions Orleans(this GamifiedServer server) =>
        server.Services.GetRequiredService<GamifiedOrleansOptions>();

    public static IPEndPoint SiloEndpoint(this GamifiedServer server) =>
        new(IPAddress.Parse(server.Orleans().AdvertisedAddress), server.Orleans().SiloPort);

    /// <summary>The TCP listeners on this machine right now (all processes).</summary>
    public static IPEndPoint[] Listeners() => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners();

    /// <summary>Whether a TCP connection to <paramref name="endpoint"/> is accepted.</summary>
    public static async Task<bool> AcceptsAsync(IPEndPoint endpoint)
    {
        using var client = new TcpClient(endpoint.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await client.ConnectAsync(endpoint, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Connects to a silo port over TLS, showing <paramref name="certificate"/> (or none), and reads the silo's greeting:
    /// a silo writes its connection preamble (length-prefixed, naming its cluster) as soon as it has accepted a peer.
    /// The server judges the client's certificate after the handshake has completed on the client's side, so a refusal
    /// shows as the connection closing before any greeting. Null when refused.
    /// </summary>
    public static async Task<SiloGreeting?> GreetingOverTlsAsync(IPEndPoint endpoint, X509Certificate2? certificate)
    {
        using var client = new TcpClient(endpoint.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(endpoint, timeout.Token);
        X509Certificate2? server = null;
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "gamified-node",
                ClientCertificates = certificate is null ? null : [certificate],
                RemoteCertificateValidationCallback = (_, shown, _, _) =>
                {
                    server = shown is null ? null : X509CertificateLoader.LoadCertificate(shown.GetRawCertData());
                    return true;
                },
            }, timeout.Token);
            var length = new byte[4];
            await tls.ReadExactlyAsync(length, timeout.Token);
            var preamble = new byte[BitConverter.ToInt32(length)];
            await tls.ReadExactlyAsync(preamble, timeout.Token);
            return new SiloGreeting(server!, preamble);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // EndOfStreamException is an IOException: closed before greeting.
            return null;
        }
    }
}

/// <summary>What a silo showed a peer it accepted: its certificate and its connection preamble.</summary>
internal sealed record SiloGreeting(X509Certificate2 Certificate, byte[] Preamble)
{
    public bool Names(string clusterId) => Preamble.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(clusterId)) >= 0;
}
