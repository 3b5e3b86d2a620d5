namespace Gamified.Analytics;

/// <summary>A recorded statement as the analytics projection reads it, with the learner's department.</summary>
public sealed record FeedActivity(
    string ActivityId, string LearnerId, string DepartmentId, string StatementJson, long XpAwarded, DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt);

/// <summary>How far the projection has read: the last statement applied, in (recorded_at, activity_id) order.</summary>
public sealed record AnalyticsCheckpoint(long RecordedAt, string ActivityId)
{
    public static readonly AnalyticsCheckpoint Start = new(0, "");
}

/// <summary>What one batch adds to a learner's week.</summary>
public sealed record LearnerWeekDelta(string LearnerId, long WeekStart, string DepartmentId, int Statements, long Seconds, long Xp);

/// <summary>What one statement tells about a learner in a package version.</summary>
public sealed record PackageStep(
    string PackageId, string Version, string LearnerId, string DepartmentId, DateTimeOffset At, long Seconds,
    bool Completed, double? PreScore, double? PostScore);

/// <summary>A learner in a package version, as the projection keeps it.</summary>
public sealed record PackageLearnerRow(
    string PackageId, string Version, string LearnerId, string DepartmentId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt,
    long Seconds, double? PreScore, double? PostScore, double? Gain)
{
    /// <summary>
    /// Folds a step in: the earliest start, the first completion, the first pre-test, the best post-test, and the gain
    /// from the pre-test to the first post-test (as the package grain measures it: a retry follows per-question feedback).
    /// </summary>
    public PackageLearnerRow With(PackageStep step, Func<double, double, double?> gain)
    {
        var pre = PreScore ?? step.PreScore;
        var post = step.PostScore is { } p ? Math.Max(PostScore ?? 0, p) : PostScore;
        var learningGain = Gain;
        if (pre is { } a && PostScore is null && step.PostScore is { } first) learningGain = gain(a, first);
        // A pre-test stated after a post-test (only an admin's statements can be in that order): the post-test known.
        else if (PreScore is null && step.PreScore is not null && pre is { } late && PostScore is { } known) learningGain = gain(late, known);
        return this with
        {
            StartedAt = step.At < StartedAt ? step.At : StartedAt,
            CompletedAt = CompletedAt ?? (step.Completed ? step.At : null),
            Seconds = Seconds + step.Seconds,
            PreScore = pre,
            PostScore = post,
            Gain = learningGain,
        };
    }

    public static PackageLearnerRow From(PackageStep step) =>
        new(step.PackageId, step.Version, step.LearnerId, step.DepartmentId, step.At, null, 0, null, null, null);
}

public sealed record LearnerWeekRow(string LearnerId, string DepartmentId, long WeekStart, int Statements, long Seconds, long Xp);

public sealed record QuestionOutcome(string PackageId, string Version, string Test, string QuestionId, string LearnerId, int Attempt, bool Correct,
    DateTimeOffset AnsweredAt);

public sealed record PackageGainTotals(string PackageId, string Version, int Learners, double GainSum, long Seconds);

public sealed record QuestionMisses(string Version, string Test, string QuestionId, int Answers, int Missed);

/// <summary>
/// Who a report is about: departments (null: all), and optionally only some learners, some packages, and a
/// deadline for "on time". A training plan is such a filter (its learners, its packages, its deadline).
/// </summary>
public sealed record Cohort(
    IReadOnlyCollection<string>? DepartmentIds, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyCollection<string>? LearnerIds = null, IReadOnlyCollection<string>? PackageIds = null, DateTimeOffset? Deadline = null)
{
    public bool Includes(string departmentId, string learnerId) =>
        (DepartmentIds is null || DepartmentIds.Contains(departmentId)) && (LearnerIds is null || LearnerIds.Contains(learnerId));

    public bool IncludesPackage(string packageId) => PackageIds is null || PackageIds.Contains(packageId);
}

/// <summary>
/// The analytics summary tables: the projection's checkpoint and batches, and the reads reports make of them.
/// Every read touches one package's or one window's rows, never the whole of <c>activities</c>.
/// </summary>
public interface IAnalyticsStore
{
    Task<AnalyticsCheckpoint> Checkpoint();

    /// <param name="settledBefore">Only statements recorded before this time: on PostgreSQL writers commit out of order,
    /// so the newest moments are left until they have settled.</param>
    Task<IReadOnlyList<FeedActivity>> After(AnalyticsCheckpoint checkpoint, int limit, DateTimeOffset settledBefore);

    /// <summary>
    /// Applies one batch and moves the checkpoint from <paramref name="from"/> to <paramref name="to"/> in one transaction.
    /// False (and nothing changed) when the checkpoint is no longer <paramref name="from"/>: another node applied it.
    /// </summary>
    Task<bool> Apply(AnalyticsCheckpoint from, AnalyticsCheckpoint to, IReadOnlyList<LearnerWeekDelta> weeks,
        IReadOnlyList<PackageStep> steps, Func<double, double, double?> gain);

    /// <summary>Every learner of a package (all versions): one row each, so medians are exact.</summary>
    Task<IReadOnlyList<PackageLearnerRow>> PackageLearners(string packageId, CancellationToken cancellationToken = default);

    /// <summary>The package rows of learners who started in the window, or completed in it.</summary>
    /// <param name="departmentIds">Only these departments' rows, when set.</param>
    Task<IReadOnlyList<PackageLearnerRow>> PackageLearnersBetween(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? departmentIds, CancellationToken cancellationToken = default);

    /// <summary>Learner weeks from <paramref name="from"/> (a week start) up to <paramref name="to"/>.</summary>
    /// <param name="departmentIds">Only these departments' rows, when set.</param>
    Task<IReadOnlyList<LearnerWeekRow>> LearnerWeeks(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? departmentIds, CancellationToken cancellationToken = default);

    /// <summary>Records graded answers; an attempt recorded before is left as it was.</summary>
    Task SaveQuestionOutcomes(IReadOnlyList<QuestionOutcome> outcomes);

    /// <summary>Per question: how many learners answered it, and how many of them missed it at least once.</summary>
    Task<IReadOnlyList<QuestionMisses>> Misses(string packageId, CancellationToken cancellationToken = default);

    /// <summary>Per package version, over learners with a gain: how many, the sum of their gains and of their time on it.</summary>
    Task<IReadOnlyList<PackageGainTotals>> GainTotals(string? departmentId, CancellationToken cancellationToken = default);
}
