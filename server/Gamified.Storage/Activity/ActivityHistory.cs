using Gamified.Activity;
using Gamified.Storage.Database;

namespace Gamified.Storage.Activity;

public sealed class ActivityHistory(GamifiedDatabase database) : IActivityHistory
{
    public Task<IReadOnlyList<RecordedStatement>> Between(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT a.learner_id, l.department_id, a.statement, a.occurred_at
            FROM activities a JOIN learner_accounts l ON l.learner_id = a.learner_id
            WHERE a.occurred_at >= @from AND a.occurred_at < @to
            ORDER BY a.occurred_at, a.recorded_at
            """).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
        var statements = new List<RecordedStatement>();
        while (await reader.ReadAsync(ct))
            statements.Add(new RecordedStatement(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3)));
        return (IReadOnlyList<RecordedStatement>)statements;
    }, cancellationToken);

    public Task<IReadOnlyList<LearnerStatement>> Recent(string learnerId, string? beforeActivityId, int limit, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT activity_id, statement, xp_awarded, occurred_at, recorded_at FROM activities
            WHERE learner_id = @learner AND (@before IS NULL OR activity_id < @before)
            ORDER BY activity_id DESC LIMIT @limit
            """).With("learner", learnerId).WithText("before", beforeActivityId).With("limit", limit).ExecuteReaderAsync(ct);
        var statements = new List<LearnerStatement>();
        while (await reader.ReadAsync(ct))
            statements.Add(new LearnerStatement(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetTime(3), reader.GetTime(4)));
        return (IReadOnlyList<LearnerStatement>)statements;
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> AwardedBetween(DateTimeOffset from, DateTimeOffset to, string correctionRule) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT learner_id, SUM(amount) FROM (
                    SELECT e.learner_id, e.amount FROM ledger_entries e
                    JOIN activities a ON a.activity_id = e.activity_id AND a.learner_id = e.learner_id
                    WHERE a.occurred_at >= @from AND a.occurred_at < @to AND e.kind = 'Xp'
                    UNION ALL
                    SELECT learner_id, amount FROM ledger_entries WHERE rule_id = @rule
                ) awarded GROUP BY learner_id
                """).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds()).With("rule", correctionRule)
                .ExecuteReaderAsync(ct);
            var xp = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct)) xp[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
            return (IReadOnlyDictionary<string, long>)xp;
        });

    public Task<IReadOnlyList<string>> CorrectionRules() => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command(
            "SELECT DISTINCT rule_id FROM ledger_entries WHERE rule_id LIKE 'recalculation:%'").ExecuteReaderAsync(ct);
        var rules = new List<string>();
        while (await reader.ReadAsync(ct)) rules.Add(reader.GetString(0));
        return (IReadOnlyList<string>)rules;
    });

    public Task<IReadOnlySet<string>> AttemptsBefore(DateTimeOffset before, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command(
            "SELECT DISTINCT learner_id, verb, object_id FROM activities WHERE occurred_at < @before")
            .With("before", before.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
        var attempts = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) attempts.Add(reader.GetString(0) + "\u001f" + reader.GetString(1) + "\u001f" + reader.GetString(2));
        return (IReadOnlySet<string>)attempts;
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> XpBefore(DateTimeOffset before, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT learner_id, SUM(amount) FROM ledger_entries WHERE occurred_at < @before GROUP BY learner_id
            """).With("before", before.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
        var xp = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) xp[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
        return (IReadOnlyDictionary<string, long>)xp;
    }, cancellationToken);
}
