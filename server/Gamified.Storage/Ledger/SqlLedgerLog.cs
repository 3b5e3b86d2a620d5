using System.Data.Common;
using Gamified.Ledger.Log;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>The ledger's log and its signed heads on the relational database (tables in gamified-ledger.sql).</summary>
public sealed class SqlLedgerLog(GamifiedDatabase database) : ILedgerLog
{
    private const string CheckpointColumns = "size, root, signed_at, key_id, signature";

    public Task<LogHead> ReadHead(CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("SELECT size, root FROM ledger_log_head WHERE id = 1").ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The ledger log has no head row; run the schema scripts.");
            return new LogHead(reader.GetInt64(0), reader.GetString(1).Trim());
        }, cancellationToken);

    public Task<LedgerCheckpoint> KeepCheckpoint(LedgerCheckpoint checkpoint, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await connection.Command($"""
                INSERT INTO ledger_checkpoints ({CheckpointColumns}) VALUES (@size, @root, @at, @key, @signature)
                ON CONFLICT (size) DO NOTHING
                """)
                .With("size", checkpoint.Size).With("root", checkpoint.Root).With("at", checkpoint.SignedAt.ToUnixTimeMilliseconds())
                .With("key", checkpoint.KeyId).With("signature", checkpoint.Signature).ExecuteNonQueryAsync(ct);
            return (await Read(connection, $"SELECT {CheckpointColumns} FROM ledger_checkpoints WHERE size = @size", ct, ("size", checkpoint.Size)))!;
        }, cancellationToken);

    public Task<LedgerCheckpoint?> LatestCheckpoint(CancellationToken cancellationToken) =>
        database.RunAsync((connection, ct) =>
            Read(connection, $"SELECT {CheckpointColumns} FROM ledger_checkpoints ORDER BY size DESC LIMIT 1", ct), cancellationToken);

    public Task<LedgerCheckpoint?> FindCheckpoint(long size, CancellationToken cancellationToken) =>
        database.RunAsync((connection, ct) =>
            Read(connection, $"SELECT {CheckpointColumns} FROM ledger_checkpoints WHERE size = @size", ct, ("size", size)), cancellationToken);

    public Task<IReadOnlyList<LedgerCheckpoint>> ListCheckpoints(long? beforeSize, int limit, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command(
                $"SELECT {CheckpointColumns} FROM ledger_checkpoints WHERE size < @before ORDER BY size DESC LIMIT @limit")
                .With("before", beforeSize ?? long.MaxValue).With("limit", limit).ExecuteReaderAsync(ct);
            var list = new List<LedgerCheckpoint>();
            while (await reader.ReadAsync(ct)) list.Add(Checkpoint(reader));
            return (IReadOnlyList<LedgerCheckpoint>)list;
        }, cancellationToken);

    public Task<(long Index, LogLeaf Leaf)?> FindLeaf(string learnerId, long seq, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT l.leaf_index, l.statement_hash, e.hash FROM ledger_log l
                JOIN ledger_entries e ON e.learner_id = l.learner_id AND e.seq = l.seq
                WHERE l.learner_id = @learner AND l.seq = @seq
                """).With("learner", learnerId).With("seq", seq).ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return ((long, LogLeaf)?)null;
            return (reader.GetInt64(0), new LogLeaf(learnerId, seq, reader.GetString(2).Trim(), reader.GetString(1).Trim()));
        }, cancellationToken);

    /// <summary>Reads every leaf hash up to the size: O(size). Enough for logs of a few million entries (32 bytes each);
    /// a table of inner subtree hashes would make proofs O(log n) reads, when logs grow past that.</summary>
    public Task<IReadOnlyList<byte[]>> ReadLeafHashes(long size, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("SELECT leaf_hash FROM ledger_log WHERE leaf_index < @size ORDER BY leaf_index")
                .With("size", size).ExecuteReaderAsync(ct);
            var hashes = new List<byte[]>();
            while (await reader.ReadAsync(ct)) hashes.Add(Convert.FromHexString(reader.GetString(0).Trim()));
            return (IReadOnlyList<byte[]>)hashes;
        }, cancellationToken);

    private static LedgerCheckpoint Checkpoint(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1).Trim(), reader.GetTime(2), reader.GetString(3), reader.GetString(4));

    private static async Task<LedgerCheckpoint?> Read(DbConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var command = connection.Command(sql);
        foreach (var (name, value) in parameters) command.With(name, value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Checkpoint(reader) : null;
    }
}
