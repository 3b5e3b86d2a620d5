using Gamified.Ledger;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

public sealed class BadgeStatusStore(GamifiedDatabase database) : IBadgeStatusStore
{
    // The revocations (few, by a partial index) joined to the badge entries they name.
    private const string RevokedBadges = """
        SELECT b.position FROM ledger_entries r
        JOIN ledger_entries b ON b.learner_id = r.learner_id AND b.badge_id = r.badge_id AND b.kind = 'Badge'
                             AND r.rule_id = 'revoke.' || CAST(b.seq AS TEXT)
        WHERE r.kind = 'BadgeRevoked'
        """;

    public Task<IReadOnlyDictionary<long, long>> BadgePositions(string learnerId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection
                .Command("SELECT seq, position FROM ledger_entries WHERE learner_id = @learner AND kind = 'Badge'")
                .With("learner", learnerId).ExecuteReaderAsync(ct);
            var positions = new Dictionary<long, long>();
            while (await reader.ReadAsync(ct)) positions[reader.GetInt64(0)] = reader.GetInt64(1);
            return (IReadOnlyDictionary<long, long>)positions;
        }, cancellationToken);

    public Task<IReadOnlyList<long>> RevokedPositions(long from, long to, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command($"{RevokedBadges} AND b.position >= @from AND b.position < @to")
                .With("from", from).With("to", to).ExecuteReaderAsync(ct);
            var positions = new List<long>();
            while (await reader.ReadAsync(ct)) positions.Add(reader.GetInt64(0));
            return (IReadOnlyList<long>)positions;
        }, cancellationToken);

    public Task<long> LastPosition(CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
            await connection.Command("SELECT COALESCE(MAX(position), 0) FROM ledger_entries").ExecuteScalarAsync(ct) is { } value and not DBNull
                ? Convert.ToInt64(value) : 0L, cancellationToken);
}
