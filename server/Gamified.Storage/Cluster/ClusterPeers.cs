using System.Data.Common;
using Gamified.Storage.Database;

namespace Gamified.Storage.Cluster;

/// <summary>A silo of the cluster that the membership table shows active, with the credential key id it published (if any).</summary>
public sealed record ActivePeer(string Address, int Port, string? CredentialKeyId, string? SignInKeyId)
{
    public string Endpoint => $"{Address}:{Port}";
}

/// <summary>
/// The other nodes of a PostgreSQL cluster as a node sees them before its own silo joins: the silos Orleans's membership
/// table shows active, and what each published at its start (<c>cluster_nodes</c>). Read before the silo starts, so a
/// node whose settings disagree with the running ones can refuse before it serves anything.
/// </summary>
public sealed class ClusterPeers(GamifiedDatabase database)
{
    /// <summary>
    /// Active silos of <paramref name="clusterId"/> other than the endpoint <paramref name="address"/>:<paramref name="port"/>
    /// (this node's earlier lives, e.g. after a crash, are not another node) that said they were alive after
    /// <paramref name="aliveSince"/>: a node killed while alone stays "active" in the table until a peer votes it dead.
    /// </summary>
    public Task<IReadOnlyList<ActivePeer>> OthersAsync(string clusterId, string address, int port, DateTimeOffset aliveSince,
        CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ActivePeer>>(async (connection, ct) =>
        {
            await using var command = connection.Command("""
                SELECT DISTINCT m.address, m.port, n.credential_key_id, n.sign_in_key_id
                FROM orleans_membership m
                LEFT JOIN cluster_nodes n ON n.cluster_id = m.deployment_id AND n.address = m.address AND n.port = m.port
                WHERE m.deployment_id = @cluster AND m.status = @active AND m.i_am_alive_time > @since
                  AND NOT (m.address = @address AND m.port = @port)
                ORDER BY m.address, m.port
                """)
                .With("cluster", clusterId).With("active", ActiveStatus).With("since", aliveSince.UtcDateTime)
                .With("address", address).With("port", port);
            var peers = new List<ActivePeer>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                peers.Add(new ActivePeer(reader.GetString(0), reader.GetInt32(1), reader.GetNullableString(2), reader.GetNullableString(3)));
            return peers;
        }, cancellationToken);

    /// <summary>Records what this node runs with, for the nodes that start after it.</summary>
    public Task PublishAsync(string clusterId, string address, int port, string credentialKeyId, string? signInKeyId,
        CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = connection.Command("""
                INSERT INTO cluster_nodes (cluster_id, address, port, credential_key_id, sign_in_key_id, published_at)
                VALUES (@cluster, @address, @port, @key, @signIn, now())
                ON CONFLICT (cluster_id, address, port)
                DO UPDATE SET credential_key_id = EXCLUDED.credential_key_id, sign_in_key_id = EXCLUDED.sign_in_key_id, published_at = now()
                """)
                .With("cluster", clusterId).With("address", address).With("port", port).With("key", credentialKeyId).WithText("signIn", signInKeyId);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    /// <summary>Orleans's <c>SiloStatus.Active</c>, as the membership table stores it.</summary>
    private const int ActiveStatus = 3;
}
