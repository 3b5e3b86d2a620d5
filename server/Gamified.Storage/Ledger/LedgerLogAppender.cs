using System.Data.Common;
using Gamified.Ledger;
using Gamified.Ledger.Log;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>
/// Appends a group commit's entries to the ledger's log (docs/LEDGER.md), in the commit's transaction: the leaves, and
/// the head with its new frontier, are written with the entries or not at all.
/// </summary>
/// <remarks>
/// On PostgreSQL the head row is locked (<c>FOR UPDATE</c>) until the commit, so the writers of all nodes append one after
/// another, each from the frontier the one before it committed: the log's order is the order in which the commits took
/// the lock. It is taken last, after the entries are written, so the lock is held only for two round trips and the
/// commit's flush. That serialises the flushes of concurrent writers; group commits absorb it by growing their batches
/// (a flush of a few milliseconds for up to 256 appends).
/// </remarks>
internal static class LedgerLogAppender
{
    private const string InsertLeafSql = """
        INSERT INTO ledger_log (leaf_index, learner_id, seq, statement_hash, leaf_hash)
        VALUES (@index, @learner, @seq, @statement, @leaf);
        """;

    private const string MoveHeadSql = """
        UPDATE ledger_log_head SET size = @size, root = @root, frontier = @frontier, updated_at = @at
        WHERE id = 1 AND size = @expected;
        """;

    public static Task Append(GamifiedDatabase database, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<LedgerAppend> batch, DateTimeOffset committedAt)
    {
        var leaves = batch.SelectMany(append => append.Entries.Select(entry => LeafOf(append, entry))).ToList();
        return leaves.Count == 0 ? Task.CompletedTask : AppendLeaves(database, connection, transaction, leaves, committedAt);
    }

    /// <summary>Reads the head (locked on PostgreSQL until the transaction ends) and its frontier.</summary>
    public static async Task<MerkleFrontier> LockHead(GamifiedDatabase database, DbConnection connection, DbTransaction transaction)
    {
        var lockHead = database.Provider == StorageProvider.Postgres ? " FOR UPDATE" : "";
        await using var reader = await connection.Command("SELECT size, frontier FROM ledger_log_head WHERE id = 1" + lockHead, transaction)
            .ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException("The ledger log has no head row; run the schema scripts.");
        return MerkleFrontier.Parse(reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>Appends <paramref name="leaves"/> after the head, in order, and moves the head, in the caller's transaction.</summary>
    public static async Task AppendLeaves(GamifiedDatabase database, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<LogLeaf> leaves, DateTimeOffset committedAt)
    {
        var frontier = await LockHead(database, connection, transaction);
        var size = frontier.Size;
        var statements = new List<Statement>(leaves.Count + 1);
        foreach (var leaf in leaves)
        {
            var hash = leaf.Hash();
            var index = frontier.Append(hash);
            statements.Add((InsertLeafSql, [("index", index), ("learner", leaf.LearnerId), ("seq", leaf.Seq),
                ("statement", leaf.StatementHash), ("leaf", Convert.ToHexStringLower(hash))]));
        }
        statements.Add((MoveHeadSql, [("size", frontier.Size), ("root", Convert.ToHexStringLower(frontier.Root())),
            ("frontier", frontier.Serialize()), ("at", committedAt.ToUnixTimeMilliseconds()), ("expected", size)]));
        var changed = await database.ExecuteAsync(connection, transaction, statements);
        if (changed != statements.Count)
            throw new InvalidOperationException($"The ledger log moved under an append of {leaves.Count} leaves (changed {changed} of {statements.Count}).");
    }

    /// <summary>The entry's leaf: with the hash of its append's statement when it came from that statement.</summary>
    public static LogLeaf LeafOf(LedgerAppend append, LedgerEntry entry) => new(entry.LearnerId, entry.Seq, entry.Hash,
        append.Activity is { } activity && entry.ActivityId == activity.ActivityId
            ? LogLeaf.HashStatement(activity.StatementJson)
            : LogLeaf.NoStatement);
}
