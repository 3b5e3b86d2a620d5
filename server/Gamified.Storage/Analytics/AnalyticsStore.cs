using Gamified.Analytics;
using Gamified.Storage.Database;

namespace Gamified.Storage.Analytics;

public sealed class AnalyticsStore(GamifiedDatabase database) : IAnalyticsStore
{
    private const string Feed = "activities";

    public Task<AnalyticsCheckpoint> Checkpoint() => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("SELECT recorded_at, activity_id FROM analytics_checkpoint WHERE feed = @feed")
            .With("feed", Feed).ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new AnalyticsCheckpoint(reader.GetInt64(0), reader.GetString(1)) : AnalyticsCheckpoint.Start;
    });

    // The checkpoint is a row-value comparison so that both databases start the index scan at it: written as
    // "recorded_at > @at OR (recorded_at = @at AND activity_id > @id)", PostgreSQL scanned the index from its beginning
    // and filtered, so every poll read every activity ever recorded (11 ms a poll at 60,000 activities, growing).
    internal const string FeedQuery = """
        SELECT a.activity_id, a.learner_id,
            COALESCE((SELECT h.department_id FROM learner_department_history h
                      WHERE h.learner_id = a.learner_id AND h.since <= a.occurred_at ORDER BY h.since DESC LIMIT 1), l.department_id),
            a.statement, a.xp_awarded, a.occurred_at, a.recorded_at
        FROM activities a JOIN learner_accounts l ON l.learner_id = a.learner_id
        WHERE a.recorded_at >= @at AND (a.recorded_at, a.activity_id) > (@at, @id) AND a.recorded_at < @settled
        ORDER BY a.recorded_at, a.activity_id LIMIT @limit
        """;

    /// <summary>Activity after the checkpoint, each with the department the learner belonged to when it occurred (a later move
    /// does not take it along, even when the analytics are projected again).</summary>
    public Task<IReadOnlyList<FeedActivity>> After(AnalyticsCheckpoint checkpoint, int limit, DateTimeOffset settledBefore) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command(FeedQuery).With("at", checkpoint.RecordedAt).With("id", checkpoint.ActivityId)
                .With("settled", settledBefore.ToUnixTimeMilliseconds()).With("limit", limit).ExecuteReaderAsync(ct);
            var rows = new List<FeedActivity>();
            while (await reader.ReadAsync(ct))
                rows.Add(new FeedActivity(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Convert.ToInt64(reader.GetValue(4)), reader.GetTime(5), reader.GetTime(6)));
            return (IReadOnlyList<FeedActivity>)rows;
        });

    public Task<bool> Apply(AnalyticsCheckpoint from, AnalyticsCheckpoint to, IReadOnlyList<LearnerWeekDelta> weeks,
        IReadOnlyList<PackageStep> steps, Func<double, double, double?> gain) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.Command("""
            INSERT INTO analytics_checkpoint (feed, recorded_at, activity_id) VALUES (@feed, 0, '') ON CONFLICT (feed) DO NOTHING
            """, transaction).With("feed", Feed).ExecuteNonQueryAsync(ct);
        // The compare-and-set comes first: on PostgreSQL it locks the row, so a second node waits here and then finds it moved.
        var moved = await connection.Command("""
            UPDATE analytics_checkpoint SET recorded_at = @toAt, activity_id = @toId
            WHERE feed = @feed AND recorded_at = @fromAt AND activity_id = @fromId
            """, transaction).With("feed", Feed).With("toAt", to.RecordedAt).With("toId", to.ActivityId)
            .With("fromAt", from.RecordedAt).With("fromId", from.ActivityId).ExecuteNonQueryAsync(ct);
        if (moved != 1) return false;

        // The batch's learner-weeks, in one round trip on PostgreSQL.
        await database.ExecuteEachAsync(connection, transaction, AddWeekSql, weeks.Select(week => new (string, object?)[]
        {
            ("learner", week.LearnerId), ("week", week.WeekStart), ("department", week.DepartmentId),
            ("statements", week.Statements), ("seconds", week.Seconds), ("xp", week.Xp),
        }), ct);

        var rows = new Dictionary<(string, string, string), PackageLearnerRow>();
        foreach (var step in steps)
        {
            var key = (step.PackageId, step.Version, step.LearnerId);
            if (!rows.TryGetValue(key, out var row))
                row = await ReadPackageLearner(connection, transaction, key, ct) ?? PackageLearnerRow.From(step);
            rows[key] = row.With(step, gain);
        }
        foreach (var row in rows.Values)
            await connection.Command("""
                INSERT INTO analytics_package_learners
                    (package_id, version, learner_id, department_id, started_at, completed_at, seconds, pre_score, post_score, gain)
                VALUES (@package, @version, @learner, @department, @started, @completed, @seconds, @pre, @post, @gain)
                ON CONFLICT (package_id, version, learner_id) DO UPDATE SET
                    started_at = excluded.started_at, completed_at = excluded.completed_at, seconds = excluded.seconds,
                    pre_score = excluded.pre_score, post_score = excluded.post_score, gain = excluded.gain
                """, transaction).With("package", row.PackageId).With("version", row.Version).With("learner", row.LearnerId)
                .With("department", row.DepartmentId).With("started", row.StartedAt.ToUnixTimeMilliseconds())
                .WithLong("completed", row.CompletedAt?.ToUnixTimeMilliseconds()).With("seconds", row.Seconds)
                .WithReal("pre", row.PreScore).WithReal("post", row.PostScore).WithReal("gain", row.Gain).ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    });

    private const string AddWeekSql = """
        INSERT INTO analytics_learner_weeks (learner_id, week_start, department_id, statements, seconds, xp)
        VALUES (@learner, @week, @department, @statements, @seconds, @xp)
        ON CONFLICT (learner_id, week_start) DO UPDATE SET
            statements = analytics_learner_weeks.statements + excluded.statements,
            seconds = analytics_learner_weeks.seconds + excluded.seconds,
            xp = analytics_learner_weeks.xp + excluded.xp
        """;

    private static async Task<PackageLearnerRow?> ReadPackageLearner(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction, (string Package, string Version, string Learner) key, CancellationToken ct)
    {
        await using var reader = await connection.Command($"""
            SELECT {PackageLearnerColumns} FROM analytics_package_learners
            WHERE package_id = @package AND version = @version AND learner_id = @learner
            """, transaction).With("package", key.Package).With("version", key.Version).With("learner", key.Learner).ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadPackageLearner(reader) : null;
    }

    private const string PackageLearnerColumns =
        "package_id, version, learner_id, department_id, started_at, completed_at, seconds, pre_score, post_score, gain";

    private static PackageLearnerRow ReadPackageLearner(System.Data.Common.DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetTime(4),
        reader.IsDBNull(5) ? null : reader.GetTime(5), Convert.ToInt64(reader.GetValue(6)),
        reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8),
        reader.IsDBNull(9) ? null : reader.GetDouble(9));

    public Task<IReadOnlyList<PackageLearnerRow>> PackageLearners(string packageId, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command($"SELECT {PackageLearnerColumns} FROM analytics_package_learners WHERE package_id = @package")
            .With("package", packageId).ExecuteReaderAsync(ct);
        var rows = new List<PackageLearnerRow>();
        while (await reader.ReadAsync(ct)) rows.Add(ReadPackageLearner(reader));
        return (IReadOnlyList<PackageLearnerRow>)rows;
    }, cancellationToken);

    public Task<IReadOnlyList<PackageLearnerRow>> PackageLearnersBetween(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? departmentIds, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await InDepartments(connection.Command($"""
                SELECT {PackageLearnerColumns} FROM analytics_package_learners
                WHERE ((started_at >= @from AND started_at < @to) OR (completed_at >= @from AND completed_at < @to)) {DepartmentFilter(departmentIds)}
                """), departmentIds).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
            var rows = new List<PackageLearnerRow>();
            while (await reader.ReadAsync(ct)) rows.Add(ReadPackageLearner(reader));
            return (IReadOnlyList<PackageLearnerRow>)rows;
        }, cancellationToken);

    public Task<IReadOnlyList<LearnerWeekRow>> LearnerWeeks(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? departmentIds, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await InDepartments(connection.Command($"""
            SELECT learner_id, department_id, week_start, statements, seconds, xp FROM analytics_learner_weeks
            WHERE week_start >= @from AND week_start < @to {DepartmentFilter(departmentIds)}
            """), departmentIds).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
        var rows = new List<LearnerWeekRow>();
        while (await reader.ReadAsync(ct))
            rows.Add(new LearnerWeekRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Convert.ToInt32(reader.GetValue(3)),
                Convert.ToInt64(reader.GetValue(4)), Convert.ToInt64(reader.GetValue(5))));
        return (IReadOnlyList<LearnerWeekRow>)rows;
    }, cancellationToken);

    /// <summary><c>AND department_id IN (@d0, …)</c> for a set of departments, nothing for all.</summary>
    internal static string DepartmentFilter(IReadOnlyCollection<string>? departmentIds, string column = "department_id") =>
        departmentIds is null ? "" : departmentIds.Count == 0 ? "AND 1 = 0"
            : $"AND {column} IN ({string.Join(", ", departmentIds.Select((_, i) => $"@d{i}"))})";

    internal static System.Data.Common.DbCommand InDepartments(System.Data.Common.DbCommand command, IReadOnlyCollection<string>? departmentIds)
    {
        var i = 0;
        foreach (var id in departmentIds ?? []) command.With($"d{i++}", id);
        return command;
    }

    public Task SaveQuestionOutcomes(IReadOnlyList<QuestionOutcome> outcomes) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var o in outcomes)
            await connection.Command("""
                INSERT INTO question_outcomes (package_id, version, test, question_id, learner_id, attempt, correct, answered_at)
                VALUES (@package, @version, @test, @question, @learner, @attempt, @correct, @at)
                ON CONFLICT (package_id, version, test, question_id, learner_id, attempt) DO NOTHING
                """, transaction).With("package", o.PackageId).With("version", o.Version).With("test", o.Test).With("question", o.QuestionId)
                .With("learner", o.LearnerId).With("attempt", o.Attempt).With("correct", (short)(o.Correct ? 1 : 0))
                .With("at", o.AnsweredAt.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    });

    public Task<IReadOnlyList<QuestionMisses>> Misses(string packageId, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT version, test, question_id, COUNT(DISTINCT learner_id), COUNT(DISTINCT CASE WHEN correct = 0 THEN learner_id END)
            FROM question_outcomes
            WHERE package_id = @package GROUP BY version, test, question_id
            """).With("package", packageId).ExecuteReaderAsync(ct);
        var rows = new List<QuestionMisses>();
        while (await reader.ReadAsync(ct))
            rows.Add(new QuestionMisses(reader.GetString(0), reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3)),
                Convert.ToInt32(reader.GetValue(4))));
        return (IReadOnlyList<QuestionMisses>)rows;
    }, cancellationToken);

    public Task<IReadOnlyList<PackageGainTotals>> GainTotals(string? departmentId, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT package_id, version, COUNT(*), SUM(gain), SUM(seconds) FROM analytics_package_learners
            WHERE gain IS NOT NULL AND (@department IS NULL OR department_id = @department)
            GROUP BY package_id, version
            """).WithText("department", departmentId).ExecuteReaderAsync(ct);
        var rows = new List<PackageGainTotals>();
        while (await reader.ReadAsync(ct))
            rows.Add(new PackageGainTotals(reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2)),
                Convert.ToDouble(reader.GetValue(3)), Convert.ToInt64(reader.GetValue(4))));
        return (IReadOnlyList<PackageGainTotals>)rows;
    }, cancellationToken);
}
