using System.Net;

namespace Gamified.Server.Hosting;

/// <summary>The <c>Orleans</c> configuration section.</summary>
public sealed class GamifiedOrleansOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "gamified";
    public string ServiceId { get; set; } = "gamified";

    /// <summary>The silo-to-silo port, on <see cref="AdvertisedAddress"/> only. No other Orleans port is opened.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Gone: the silo opens no client gateway, since the only client is the one inside this process. Kept only so a
    /// configuration that still sets it is refused rather than silently opening nothing where a port was expected.
    /// </summary>
    public int? GatewayPort { get; set; }

    /// <summary>
    /// The address other nodes reach this one on, and the only one the silo port listens on (PostgreSQL clustering;
    /// SQLite's single node listens on loopback). Loopback by default.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Every node of the cluster runs on this one machine (one node on PostgreSQL, or several for a trial): allows a
    /// loopback <see cref="AdvertisedAddress"/> outside Development, which nodes on other machines could never reach (the
    /// start checks refuse it otherwise). It changes nothing else.
    /// </summary>
    public bool OneMachine { get; set; }

    /// <summary>
    /// Running as pods of a Kubernetes Deployment (PostgreSQL clustering): Orleans's Kubernetes hosting names the silo
    /// after its pod and removes silos whose pods are gone from the membership table, so a deleted pod is not waited on.
    /// The pod needs POD_NAME, POD_NAMESPACE and POD_IP from the downward API, and <see cref="AdvertisedAddress"/> set to
    /// the pod IP (ops/deploy/kubernetes/).
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>TLS between silos; none: plain TCP, which belongs on a private network.</summary>
    public SiloTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// A grain turn (what a grain runs between two awaits) that takes longer than this is logged by Orleans as a warning
    /// ("Task … in WorkGroup … took elapsed time … which is longer than …"), so a turn that blocks the grain's thread shows.
    /// Null: Orleans's own threshold, 1 s. The HTTP benchmark sets 100 ms, the limit for a blocked turn.
    /// </summary>
    public TimeSpan? LongTurnWarning { get; set; }

    /// <summary>The Orleans Dashboard at <c>/dashboard</c>, for admins only; off by default.</summary>
    public DashboardSettings Dashboard { get; set; } = new();

    /// <summary>What is wrong with these settings, naming the setting; null when they are usable.</summary>
    public string? Problem()
    {
        if (GatewayPort is not null)
            return "GatewayPort is no longer used: the server hosts its own Orleans client and opens no gateway port. Remove the setting.";
        if (SiloPort is < 1 or > 65535)
            return "SiloPort must be a TCP port (1–65535).";
        if (!IPAddress.TryParse(AdvertisedAddress, out var address))
            return $"AdvertisedAddress '{AdvertisedAddress}' is not an IP address.";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None) || address.Equals(IPAddress.IPv6None))
            return $"AdvertisedAddress must name this node's address on the cluster network, not '{AdvertisedAddress}': the silo port listens there only.";
        if (Kubernetes && OneMachine)
            return "Kubernetes and OneMachine exclude each other: a Deployment's pods run on the cluster's machines.";
        if (LongTurnWarning <= TimeSpan.Zero)
            return "LongTurnWarning must be positive (e.g. 00:00:00.1).";
        return Tls.Problem();
    }
}

/// <summary>The <c>Orleans:Dashboard</c> section.</summary>
public sealed class DashboardSettings
{
    /// <summary>Serve the dashboard (grain counts, calls, silos) at <c>/dashboard</c> to admins' bearer tokens.</summary>
    public bool Enabled { get; set; }
}
