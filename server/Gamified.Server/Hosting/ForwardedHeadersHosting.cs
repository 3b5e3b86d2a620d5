using Gamified.Common;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Gamified.Server.Hosting;

/// <summary>The <c>ForwardedHeaders</c> configuration section: the reverse proxies whose X-Forwarded-For to believe.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of this server (e.g. <c>10.0.0.2</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in front of this server, in CIDR notation (e.g. <c>10.0.0.0/24</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies, from the nearest, may have added an address to X-Forwarded-For.</summary>
    public int ForwardLimit { get; set; } = 1;
}

internal static class ForwardedHeadersHosting
{
    /// <summary>
    /// Behind a configured proxy, the client's address (for rate limits and the audit log) and scheme come from the
    /// X-Forwarded-For and X-Forwarded-Proto the proxy adds. Without configuration the headers are ignored: anyone can
    /// send them, and believing them would let a client pick its own address, dodging the per-address rate limit.
    /// </summary>
    public static void UseGamifiedForwardedHeaders(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ForwardedHeadersSettings>();
        if (settings.KnownProxies.Length == 0 && settings.KnownNetworks.Length == 0) return;

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = Math.Max(1, settings.ForwardLimit),
        };
        // Only what is configured: not the loopback the defaults trust.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
            options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
        foreach (var network in settings.KnownNetworks)
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24)."));
        app.UseForwardedHeaders(options);
    }
}
