namespace Gamified.Records;

/// <summary>One of a learner's statements, as the training record reads it.</summary>
public sealed record YearStatement(string LearnerId, string ActivityId, string StatementJson, DateTimeOffset OccurredAt);

/// <summary>A learner in the learner directory, with their current department.</summary>
public sealed record DirectoryLearner(string LearnerId, string DisplayName, string DepartmentId);

/// <summary>
/// What training records read and keep: statements from <c>activities</c>, learners from the learner directory, and the
/// records' own tables (requirements, certificates).
/// </summary>
public interface ITrainingRecordStore
{
    /// <summary>The statements of these learners that occurred in [<paramref name="from"/>, <paramref name="to"/>), in time order.</summary>
    Task<IReadOnlyList<YearStatement>> Statements(IReadOnlyCollection<string> learnerIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);

    /// <summary>The active learners now in <paramref name="departmentId"/>, by name.</summary>
    Task<IReadOnlyList<DirectoryLearner>> LearnersOf(string departmentId, CancellationToken cancellationToken = default);

    /// <summary>The departments' own requirements for the year (a department without one is absent).</summary>
    Task<IReadOnlyList<TrainingRequirement>> Requirements(IReadOnlyCollection<string> departmentIds, int year);

    /// <summary>Replaces a department's requirement for the year; no hours: the department has none of its own again.</summary>
    Task SetRequirement(TrainingRequirement requirement);

    Task SaveCertificate(CertificateSnapshot certificate, string snapshotJson);

    /// <summary>The snapshot stored under a code, as JSON; null: no such certificate.</summary>
    Task<string?> Certificate(string code);

    /// <summary>The newest certificate a learner issued for a year, as JSON; null: none yet.</summary>
    Task<string?> LatestCertificate(string learnerId, int year);
}
