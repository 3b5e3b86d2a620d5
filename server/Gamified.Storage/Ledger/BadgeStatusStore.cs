using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>
/// What the badge credentials' status lists are made of. A badge's status index is its ledger entry's global
/// <c>position</c>: given once when the entry is written, never reused, so no table of indexes is needed. A badge is
/// revoked when a <c>BadgeRevoked</c> entry names its entry (rule <c>revoke.&lt;seq&gt;</c>); the ledger stays the only record.
/// </summary>
public sealed class BadgeStatusStore(GamifiedDatabase database)
{
    // The revocations (few, by a partial index) joined to the badge entries they name.
    private const string RevokedBadges = """
        SELECT b.position FROM ledger_entries r
        JOIN ledger_entries b ON b.learner_id = r.learner_id AND b.badge_id = r.badge_id AND b.kind = 'Badge'
                             AND r.rule_id = 'revoke.' || CAST(b.seq AS TEXT)
        WHERE r.kind = 'BadgeRevoked'
        """;

    /// <summary>The learner's badge entries: seq → position (the status index).</summary>
    public Task<IReadOnlyDictionary<long, long>> BadgePositions(string learnerId) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection
                .Command("SELECT seq, position FROM ledger_entries WHERE learner_id = @learner AND kind = 'Badge'")
                .With("learner", learnerId).ExecuteReaderAsync(ct);
            var positions = new Dictionary<long, long>();
            while (await reader.ReadAsync(ct)) positions[reader.GetInt64(0)] = reader.GetInt64(1);
            return (IReadOnlyDictionary<long, long>)positions;
        });

    /// <summary>The positions in [from, to) of badge entries that were revoked.</summary>
    public Task<IReadOnlyList<long>> RevokedPositions(long from, long to) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command($"{RevokedBadges} AND b.position >= @from AND b.position < @to")
                .With("from", from).With("to", to).ExecuteReaderAsync(ct);
            var positions = new List<long>();
            while (await reader.ReadAsync(ct)) positions.Add(reader.GetInt64(0));
            return (IReadOnlyList<long>)positions;
        });

    /// <summary>The highest position written so far (0 when the ledger is empty): status lists beyond it do not exist yet.</summary>
    public Task<long> LastPosition() =>
        database.RunAsync(async (connection, ct) =>
            await connection.Command("SELECT COALESCE(MAX(position), 0) FROM ledger_entries").ExecuteScalarAsync(ct) is { } value and not DBNull
                ? Convert.ToInt64(value) : 0L);
}
