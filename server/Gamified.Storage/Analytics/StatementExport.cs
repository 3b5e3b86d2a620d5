using Gamified.Analytics;
using Gamified.Storage.Database;

namespace Gamified.Storage.Analytics;

public sealed class StatementExport(GamifiedDatabase database) : IStatementExport
{
    public Task<IReadOnlyList<ExportedActivity>> Page(DateTimeOffset from, DateTimeOffset to, (long At, string Id)? after, int limit,
        string? learnerId, IReadOnlyList<string>? departmentIds, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        var command = AnalyticsStore.InDepartments(connection.Command($"""
            SELECT a.activity_id, a.learner_id, a.statement, a.occurred_at, a.recorded_at
            FROM activities a JOIN learner_accounts l ON l.learner_id = a.learner_id
            WHERE a.occurred_at >= @from AND a.occurred_at < @to
              AND a.occurred_at >= @afterAt AND (a.occurred_at, a.activity_id) > (@afterAt, @afterId)   -- the page starts the index scan
              AND (@learner IS NULL OR a.learner_id = @learner) {AnalyticsStore.DepartmentFilter(departmentIds, "l.department_id")}
            ORDER BY a.occurred_at, a.activity_id LIMIT @limit
            """), departmentIds).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds())
            .With("afterAt", after?.At ?? long.MinValue).With("afterId", after?.Id ?? "").WithText("learner", learnerId).With("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<ExportedActivity>();
        while (await reader.ReadAsync(ct))
            rows.Add(new ExportedActivity(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3), reader.GetTime(4)));
        return (IReadOnlyList<ExportedActivity>)rows;
    }, cancellationToken);
}
