using System.Net;
using Gamified.Api.Exports;
using Gamified.Leaderboards;
using Gamified.Server.Identity;
using Gamified.Storage.Cluster;
using Gamified.Storage.Database;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Gamified.Server.Hosting;

/// <summary>
/// Checks made when the server is about to serve (not for commands such as <c>migrate</c>, which share the configuration
/// but open no port), each refusing with a message that names the setting to change. Options validation checks one
/// section at a time; these need several sections, the environment, or the other nodes of the cluster.
/// </summary>
internal static class StartChecks
{
    /// <summary>What the configuration alone can tell: a listening address, and a cluster address other nodes can reach.</summary>
    public static void RequireServingSettings(WebApplication app)
    {
        if (app.Environment.IsDevelopment()) return;
        var configuration = app.Configuration;
        // Kestrel's own fallback is http://localhost:5000, which nobody outside this machine (or container) reaches.
        if (string.IsNullOrWhiteSpace(configuration["urls"]) && string.IsNullOrWhiteSpace(configuration["http_ports"]) &&
            string.IsNullOrWhiteSpace(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
            throw Refusal($"Urls is not set, and outside Development (this is '{app.Environment.EnvironmentName}') the server does not " +
                "guess where to listen: set Urls (e.g. --Urls=http://0.0.0.0:8080, or ASPNETCORE_URLS) or Kestrel:Endpoints.");

        var orleans = app.Services.GetRequiredService<GamifiedOrleansOptions>();
        if (app.Services.GetRequiredService<StorageOptions>().Provider == StorageProvider.Postgres && !orleans.OneMachine &&
            IPAddress.Parse(orleans.AdvertisedAddress) is var address && IPAddress.IsLoopback(address))
            throw Refusal($"Orleans:AdvertisedAddress is {orleans.AdvertisedAddress} (loopback) under PostgreSQL clustering, which no other " +
                "machine can reach: set it to this node's address on the cluster network (on Kubernetes, the pod IP). When every node runs on " +
                "this one machine (one node on PostgreSQL, or a trial cluster), set Orleans:OneMachine=true.");
    }

    /// <summary>
    /// What the running nodes can tell (PostgreSQL clustering): in-process boards are per node, so a second node without
    /// Redis boards would show other standings; and every node must sign badge credentials with the same key, or a
    /// credential issued on one would not verify against the key another publishes, and sign-in tokens with the same key,
    /// or a token from one would be refused by another. Publishes this node's key ids for the nodes that start after it.
    /// </summary>
    public static async Task RequireAgreementWithClusterAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var services = app.Services;
        if (services.GetRequiredService<StorageOptions>().Provider != StorageProvider.Postgres) return;
        var orleans = services.GetRequiredService<GamifiedOrleansOptions>();
        var membership = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        // Orleans itself stops trusting a silo that has missed this many "I am alive" writes.
        var aliveSince = DateTimeOffset.UtcNow - membership.IAmAliveTablePublishTimeout * membership.NumMissedTableIAmAliveLimit;
        var peers = new ClusterPeers(services.GetRequiredService<GamifiedDatabase>());
        IReadOnlyList<ActivePeer> others;
        try
        {
            others = await peers.OthersAsync(orleans.ClusterId, orleans.AdvertisedAddress, orleans.SiloPort, aliveSince, cancellationToken);
        }
        catch (Npgsql.PostgresException missing) when (missing.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            // A new database, or one upgraded without its schema: say what to run rather than which relation is missing.
            throw Refusal($"The database has not got this version's tables ({missing.MessageText}): run the migrate command of this " +
                "version against it first (docs/OPERATIONS.md, \"Upgrade\"), or set Storage:ApplySchemaOnStart=true.");
        }

        if (others.Count > 0 && string.IsNullOrWhiteSpace(services.GetRequiredService<LeaderboardOptions>().Redis))
            throw Refusal($"Leaderboards:Redis is not set, and this would be a second node of cluster '{orleans.ClusterId}' (active: " +
                $"{Endpoints(others)}). Without Redis every node keeps its own boards, so learners would see different standings " +
                "depending on the node they reach: set Leaderboards:Redis on every node.");

        var keyId = services.GetRequiredService<BadgeCredentials>().KeyId;
        RequireSameKey(others, p => p.CredentialKeyId, keyId, "Credentials:SigningKeyFile (or Credentials:SigningKeyPem)", "badge credential key",
            "credentials-es256.pem", "or set the same Credentials:SigningKeyPem on every node");
        // A token the built-in provider signed on one node is checked on whichever node the next request reaches.
        var signInKeyId = services.GetService<ProviderKeys>()?.SigningKey.KeyId;
        if (signInKeyId is not null)
            RequireSameKey(others, p => p.SignInKeyId, signInKeyId, "Auth:BuiltInProvider:SigningKeyFile", "sign-in token signing key",
                "oidc-signing.pem", "with oidc-encryption.key beside it");

        await peers.PublishAsync(orleans.ClusterId, orleans.AdvertisedAddress, orleans.SiloPort, keyId, signInKeyId, cancellationToken);
    }

    private static void RequireSameKey(IReadOnlyList<ActivePeer> others, Func<ActivePeer, string?> published, string keyId, string setting,
        string what, string defaultFile, string alternative)
    {
        var disagreeing = others.Where(o => published(o) is { } theirs && theirs != keyId).ToList();
        if (disagreeing.Count > 0)
            throw Refusal($"{setting}: this node's {what} has id {keyId}, but {Endpoints(disagreeing)} sign with " +
                $"{string.Join(", ", disagreeing.Select(published).Distinct())}. Every node needs the same key: copy the key file from a " +
                $"running node's data directory ({defaultFile} by default), {alternative}.");
    }

    private static string Endpoints(IEnumerable<ActivePeer> peers) => string.Join(", ", peers.Select(p => p.Endpoint));

    private static StartRefusedException Refusal(string message) => new($"The server did not start. {message}");
}

/// <summary>A configuration the server will not serve with; the message names the setting to change.</summary>
public sealed class StartRefusedException(string message) : InvalidOperationException(message);
