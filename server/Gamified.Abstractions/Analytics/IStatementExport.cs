namespace Gamified.Analytics;

public sealed record ExportedActivity(string ActivityId, string LearnerId, string StatementJson, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);

/// <summary>Recorded statements of a time window, page by page in (occurred_at, activity_id) order, for the xAPI export.</summary>
public interface IStatementExport
{
    /// <param name="learnerId">Only this learner's statements, when set.</param>
    /// <param name="departmentIds">Only statements of learners in these departments, when set.</param>
    /// <param name="after">The (occurred_at, activity_id) of the last statement of the previous page.</param>
    Task<IReadOnlyList<ExportedActivity>> Page(DateTimeOffset from, DateTimeOffset to, (long At, string Id)? after, int limit,
        string? learnerId, IReadOnlyList<string>? departmentIds, CancellationToken cancellationToken = default);
}
