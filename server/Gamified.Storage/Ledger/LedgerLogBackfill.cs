using Gamified.Ledger.Log;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>
/// Gives the entries written before the log existed their leaves, once (run by the schema installer, so by <c>migrate</c>
/// and by a SQLite server's start): every entry without a leaf is appended after the log's current end, in the entries'
/// global order (<c>position</c>), with the hash of the statement it names when one is stored. The head is locked first,
/// so the group commits of running nodes wait, and every entry committed before the lock has its leaf or gets one here;
/// a second run finds nothing to do.
/// </summary>
internal static class LedgerLogBackfill
{
    private const string WithoutLeavesSql = """
        SELECT e.learner_id, e.seq, e.hash, a.statement FROM ledger_entries e
        LEFT JOIN ledger_log l ON l.learner_id = e.learner_id AND l.seq = e.seq
        LEFT JOIN activities a ON a.activity_id = e.activity_id AND a.learner_id = e.learner_id
        WHERE l.leaf_index IS NULL
        ORDER BY e.position
        """;

    /// <summary>Returns how many leaves were appended.</summary>
    public static Task<int> Run(GamifiedDatabase database, TimeProvider clock, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await LedgerLogAppender.LockHead(database, connection, transaction);
            var leaves = new List<LogLeaf>();
            await using (var reader = await connection.Command(WithoutLeavesSql, transaction).ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    leaves.Add(new LogLeaf(reader.GetString(0), reader.GetInt64(1), reader.GetString(2).Trim(),
                        reader.IsDBNull(3) ? LogLeaf.NoStatement : LogLeaf.HashStatement(reader.GetString(3))));
            if (leaves.Count > 0) await LedgerLogAppender.AppendLeaves(database, connection, transaction, leaves, clock.GetUtcNow());
            await transaction.CommitAsync(ct);
            return leaves.Count;
        }, cancellationToken);
}
