using Gamified.Leaderboards;
using Gamified.Teams;
using System.Data.Common;
using Gamified.Storage.Database;

namespace Gamified.Storage.Leaderboards;

/// <summary>An XP entry as the boards need it: who, their department then, the teams they were in at the time, how much, when.</summary>
public sealed record FedEntry(long Position, string LearnerId, string DepartmentId, long Amount, DateTimeOffset OccurredAt,
    IReadOnlyList<string> Teams);

/// <summary>Reads XP ledger entries in append order, with each learner's department and teams, for the board projection.</summary>
public sealed class LedgerFeed(GamifiedDatabase database, ITeamMembership teams)
{
    // The department is the one the learner belonged to when the entry occurred (a move does not take past XP along); a
    // deactivated learner's entries count as zero, so a rebuild leaves them off every board (reactivation rebuilds again).
    private const string SelectTemplate = """
        SELECT e.position, e.learner_id,
            COALESCE((SELECT h.department_id FROM learner_department_history h
                      WHERE h.learner_id = e.learner_id AND h.since <= e.occurred_at ORDER BY h.since DESC LIMIT 1), a.department_id),
            CASE WHEN d.active = 0 THEN 0 ELSE e.amount END, e.occurred_at, {0}, e.kind
        FROM ledger_entries e JOIN learner_accounts a ON a.learner_id = e.learner_id
        LEFT JOIN learner_directory d ON d.learner_id = e.learner_id
        """;

    // When an entry counts as settled: its commit time on PostgreSQL (recorded_at is when the grain made it, which may be
    // long before a queued batch commits); on SQLite, whose one writer commits in position order, recorded_at serves.
    private string Select => string.Format(System.Globalization.CultureInfo.InvariantCulture, SelectTemplate,
        database.Provider == StorageProvider.Postgres ? "COALESCE(e.committed_at, e.recorded_at)" : "e.recorded_at");

    /// <param name="settledBefore">Only entries recorded before this time: on PostgreSQL several writers commit
    /// out of position order, so the newest seconds are left until they have settled.</param>
    public async Task<IReadOnlyList<FedEntry>> After(long position, int limit, DateTimeOffset settledBefore)
    {
        var entries = await database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command(Select + " WHERE e.position > @after ORDER BY e.position LIMIT @limit")
                .With("after", position).With("limit", limit).ExecuteReaderAsync(ct);
            // Stop at the first entry that has not settled: nothing after it may be passed over.
            return await Read(reader, settledBefore, ct);
        });
        return await WithTeams(entries);
    }

    /// <summary>XP entries up to <paramref name="upTo"/> that happened in [from, to), a page after <paramref name="after"/>:
    /// what a campaign's boards must count when the campaign first appears.</summary>
    public async Task<IReadOnlyList<FedEntry>> Between(DateTimeOffset from, DateTimeOffset to, long after, long upTo, int limit)
    {
        var entries = await database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command(Select + """
                 WHERE e.position > @after AND e.position <= @upTo AND e.kind = 'Xp'
                   AND e.occurred_at >= @from AND e.occurred_at < @to
                 ORDER BY e.position LIMIT @limit
                """).With("after", after).With("upTo", upTo).With("from", from.ToUnixTimeMilliseconds())
                .With("to", to.ToUnixTimeMilliseconds()).With("limit", limit).ExecuteReaderAsync(ct);
            return await Read(reader, DateTimeOffset.MaxValue, ct);
        });
        return await WithTeams(entries);
    }

    /// <summary>How many ledger entries there are up to a position.</summary>
    public Task<long> CountUpTo(long position) => database.RunAsync(async (connection, ct) =>
        Convert.ToInt64(await connection.Command("SELECT COUNT(*) FROM ledger_entries WHERE position <= @upTo").With("upTo", position).ExecuteScalarAsync(ct)));

    private static async Task<List<FedEntry>> Read(DbDataReader reader, DateTimeOffset settledBefore, CancellationToken ct)
    {
        var entries = new List<FedEntry>();
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetTime(5) >= settledBefore) break;
            var amount = reader.GetInt32(3);
            // Entries without XP still advance the position (as zero amounts the projector skips).
            entries.Add(new FedEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(6) == "Xp" ? amount : 0,
                reader.GetTime(4), []));
        }
        return entries;
    }

    private async Task<IReadOnlyList<FedEntry>> WithTeams(List<FedEntry> entries)
    {
        var earning = entries.Where(e => e.Amount != 0).Select(e => e.LearnerId).ToHashSet(StringComparer.Ordinal);
        if (earning.Count == 0) return entries;
        var joins = (await teams.Of(earning)).ToLookup(j => j.LearnerId, StringComparer.Ordinal);
        return entries.Select(e => joins.Contains(e.LearnerId)
            ? e with { Teams = joins[e.LearnerId].Where(j => j.Counts(e.OccurredAt)).Select(j => j.TeamId).ToList() }
            : e).ToList();
    }
}
