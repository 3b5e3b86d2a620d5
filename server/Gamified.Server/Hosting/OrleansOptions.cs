namespace Gamified.Server.Hosting;

/// <summary>The <c>Orleans</c> configuration section.</summary>
public sealed class GamifiedOrleansOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "gamified";
    public string ServiceId { get; set; } = "gamified";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other nodes reach this one on (PostgreSQL clustering); loopback by default.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
