namespace Gamified.Activity;

public sealed record RecordedStatement(string LearnerId, string DepartmentId, string StatementJson, DateTimeOffset OccurredAt);

/// <summary>One of a learner's statements as they see it: what was stated, what it earned, when it was scored and stored.</summary>
public sealed record LearnerStatement(string ActivityId, string StatementJson, int XpAwarded, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt);

/// <summary>Reads recorded activity back, in time order, for dry runs and (later) exports.</summary>
public interface IActivityHistory
{
    Task<IReadOnlyList<RecordedStatement>> Between(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>A learner's statements, newest first, before <paramref name="beforeActivityId"/> (ids are time-ordered).</summary>
    Task<IReadOnlyList<LearnerStatement>> Recent(string learnerId, string? beforeActivityId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per learner, the XP that statements of the window earned, plus what earlier recalculations with
    /// <paramref name="correctionRule"/> added or removed for it.
    /// </summary>
    Task<IReadOnlyDictionary<string, long>> AwardedBetween(DateTimeOffset from, DateTimeOffset to, string correctionRule);

    /// <summary>The rule ids of recalculations done so far (each names its window).</summary>
    Task<IReadOnlyList<string>> CorrectionRules();

    /// <summary>Every (learner, verb, object) recorded before <paramref name="before"/>, as "learner␟verb␟object".</summary>
    Task<IReadOnlySet<string>> AttemptsBefore(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Each learner's XP from entries that happened before <paramref name="before"/>.</summary>
    Task<IReadOnlyDictionary<string, long>> XpBefore(DateTimeOffset before, CancellationToken cancellationToken = default);
}
