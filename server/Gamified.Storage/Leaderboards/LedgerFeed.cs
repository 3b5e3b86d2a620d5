using Gamified.Storage.Database;

namespace Gamified.Storage.Leaderboards;

public sealed record FedEntry(long Position, string LearnerId, string DepartmentId, long Amount, DateTimeOffset OccurredAt);

/// <summary>Reads XP ledger entries in append order, with each learner's department, for the board projection.</summary>
public sealed class LedgerFeed(GamifiedDatabase database)
{
    /// <param name="settledBefore">Only entries recorded before this time: on PostgreSQL several writers commit
    /// out of position order, so the newest seconds are left until they have settled.</param>
    public Task<IReadOnlyList<FedEntry>> After(long position, int limit, DateTimeOffset settledBefore) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT e.position, e.learner_id, a.department_id, e.amount, e.occurred_at, e.recorded_at, e.kind
            FROM ledger_entries e JOIN learner_accounts a ON a.learner_id = e.learner_id
            WHERE e.position > @after
            ORDER BY e.position LIMIT @limit
            """).With("after", position).With("limit", limit).ExecuteReaderAsync(ct);
        var entries = new List<FedEntry>();
        while (await reader.ReadAsync(ct))
        {
            // Stop at the first entry that has not settled: nothing after it may be passed over.
            if (reader.GetTime(5) >= settledBefore) break;
            var amount = reader.GetInt32(3);
            // Entries without XP still advance the position (as zero amounts the projector skips).
            entries.Add(new FedEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(6) == "Xp" ? amount : 0,
                reader.GetTime(4)));
        }
        return (IReadOnlyList<FedEntry>)entries;
    });
}
