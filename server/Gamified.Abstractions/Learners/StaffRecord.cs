namespace Gamified.Learners;

/// <summary>
/// One person as HR lists them (a row of the staff import): the learner id is their employee number. E-mail and phone
/// are personal data: they live in the learner's profile and are shown only to admins and the learner's managers.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.StaffRecord")]
public sealed record StaffRecord(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string DepartmentId,
    [property: Id(2)] IReadOnlyList<string> Roles,
    [property: Id(3)] string? Email,
    [property: Id(4)] string? Phone);

/// <summary>What syncing a staff record did to the learner.</summary>
public enum StaffSyncOutcome
{
    Unchanged,
    Created,
    Changed,
    Moved,
    Reactivated,
}

/// <summary>A learner as the people list and the staff import see them, one row per learner (kept by the learner grain).</summary>
public sealed record LearnerListing(string LearnerId, string DisplayName, string DepartmentId, bool Active, string StaffHash, DateTimeOffset UpdatedAt);

/// <summary>A new learner the staff import lists, with the digest the directory keeps.</summary>
public sealed record ProvisionedLearner(string LearnerId, StaffRecord Record, string StaffHash, DateTimeOffset At);

/// <summary>An imported learner's record, waiting for their grain; <paramref name="At"/> is when they were imported.</summary>
public sealed record PendingLearner(StaffRecord Record, DateTimeOffset At);

/// <summary>
/// The learner list as a table (grains cannot be enumerated or searched), and each learner's department history, so XP
/// earned before a move stays with the department it was earned in. Written only by the learner grains.
/// </summary>
public interface ILearnerDirectory
{
    /// <summary>How many learners the staff import changes at once: SQLite has one writer, PostgreSQL many.</summary>
    int WriteParallelism { get; }

    /// <summary>
    /// Lists new learners from HR in one transaction, each with a ledger account and their record pending: the learner's
    /// grain takes the record into its profile the first time it runs (so 10,000 new staff cost a few transactions, not
    /// 10,000 grain writes). Learners already listed are left alone; harmless to repeat.
    /// </summary>
    Task Provision(IReadOnlyList<ProvisionedLearner> learners, CancellationToken cancellationToken = default);

    /// <summary>The HR record waiting for a learner who has no profile yet, or null.</summary>
    Task<PendingLearner?> Pending(string learnerId, CancellationToken cancellationToken = default);

    Task Upsert(LearnerListing listing, CancellationToken cancellationToken = default);

    /// <summary>Records that the learner belongs to <paramref name="to"/> from <paramref name="at"/> on (and, on their first move,
    /// to <paramref name="from"/> before it); harmless to repeat.</summary>
    Task RecordMove(string learnerId, string from, string to, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether a learner of this id exists (registered, or listed by the staff import): one indexed lookup, no grain.</summary>
    Task<bool> Exists(string learnerId, CancellationToken cancellationToken = default);

    /// <summary>The active learners listed in the department, in id order (a merge moves them; a deactivation counts them).</summary>
    Task<IReadOnlyList<string>> ActiveIn(string departmentId, CancellationToken cancellationToken = default);

    /// <summary>Every learner with a ledger account, as listed (the staff import compares a CSV with it); one not listed yet
    /// has an empty digest.</summary>
    Task<IReadOnlyList<LearnerListing>> All(CancellationToken cancellationToken = default);

    /// <summary>Learner ids in id order after <paramref name="after"/>: of <paramref name="departmentIds"/> (null: all), matching
    /// <paramref name="search"/> in id or name when given; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> Page(string? search, IReadOnlyCollection<string>? departmentIds, string? after, int limit,
        CancellationToken cancellationToken = default);
}
