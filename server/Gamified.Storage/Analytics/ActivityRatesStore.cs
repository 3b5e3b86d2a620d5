using Gamified.Analytics;
using Gamified.Storage.Database;

namespace Gamified.Storage.Analytics;

public sealed class ActivityRatesStore(GamifiedDatabase database) : IActivityRatesStore
{
    private const long DayMs = 86_400_000;

    public Task<IReadOnlyList<LearnerDayRow>> Days(string departmentId, DateTimeOffset from, DateTimeOffset to, TimeSpan offset, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            var days = new Dictionary<(string, long), LearnerDayRow>();
            await using (var reader = await connection.Command($"""
                SELECT a.learner_id, (a.recorded_at + @offset) / {DayMs}, COUNT(*)
                FROM activities a JOIN learner_accounts l ON l.learner_id = a.learner_id
                WHERE l.department_id = @department AND a.recorded_at >= @from AND a.recorded_at < @to
                GROUP BY 1, 2
                """).With("department", departmentId).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds())
                .With("offset", (long)offset.TotalMilliseconds).ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var key = (reader.GetString(0), Convert.ToInt64(reader.GetValue(1)));
                    days[key] = new LearnerDayRow(key.Item1, key.Item2, Convert.ToInt32(reader.GetValue(2)), 0);
                }
            }
            await using (var reader = await connection.Command($"""
                SELECT e.learner_id, (e.recorded_at + @offset) / {DayMs}, SUM(e.amount)
                FROM ledger_entries e JOIN learner_accounts l ON l.learner_id = e.learner_id
                WHERE l.department_id = @department AND e.kind = 'Xp' AND e.recorded_at >= @from AND e.recorded_at < @to
                GROUP BY 1, 2
                """).With("department", departmentId).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds())
                .With("offset", (long)offset.TotalMilliseconds).ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var key = (reader.GetString(0), Convert.ToInt64(reader.GetValue(1)));
                    var xp = Convert.ToInt64(reader.GetValue(2));
                    days[key] = days.TryGetValue(key, out var day) ? day with { Xp = xp } : new LearnerDayRow(key.Item1, key.Item2, 0, xp);
                }
            }
            return (IReadOnlyList<LearnerDayRow>)days.Values.ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<LearnerGainRow>> Gains(string departmentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT learner_id, AVG(gain), COUNT(*) FROM analytics_package_learners
                WHERE department_id = @department AND gain IS NOT NULL
                  AND ((started_at >= @from AND started_at < @to) OR (completed_at >= @from AND completed_at < @to))
                GROUP BY learner_id
                """).With("department", departmentId).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds())
                .ExecuteReaderAsync(ct);
            var rows = new List<LearnerGainRow>();
            while (await reader.ReadAsync(ct))
                rows.Add(new LearnerGainRow(reader.GetString(0), Convert.ToDouble(reader.GetValue(1)), Convert.ToInt32(reader.GetValue(2))));
            return (IReadOnlyList<LearnerGainRow>)rows;
        }, cancellationToken);
}
