namespace Gamified.Ledger;

/// <summary>
/// The durable award ledger. Entries live as rows (not in a grain's state blob), so appending costs the
/// same for a learner's first entry and their hundred-thousandth.
/// </summary>
public interface ILedgerStore
{
    /// <summary>Creates the learner's account, or moves it to another department; never touches XP.</summary>
    Task OpenAccount(string learnerId, string departmentId, DateTimeOffset at);

    Task<AccountSnapshot?> LoadAccount(string learnerId);

    /// <summary>Writes entries, activity and new head in one transaction, or nothing.</summary>
    Task Append(LedgerAppend append);

    Task<StoredActivity?> FindActivity(string learnerId, string idempotencyKey);

    /// <summary>Entries with seq greater than <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadEntries(string learnerId, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The entry that revoked the learner's entry <paramref name="revokedSeq"/>, if one did.</summary>
    Task<LedgerEntry?> FindRevocation(string learnerId, long revokedSeq, CancellationToken cancellationToken = default);

    Task<DepartmentTotals> GetDepartmentTotals(string departmentId, CancellationToken cancellationToken = default);

    /// <summary>The totals of several departments in one query; a department without members has zeros.</summary>
    Task<IReadOnlyDictionary<string, DepartmentTotals>> GetDepartmentTotals(IReadOnlyCollection<string> departmentIds, CancellationToken cancellationToken);

    /// <summary>
    /// The learner's entries for what happened in [from, to), each with the attestation of the statement it came from
    /// (none for entries that came from no statement): the daily caps count them, per rule and per kind of witness.
    /// </summary>
    Task<IReadOnlyList<DayEntry>> ReadEntriesOccurred(string learnerId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The packages the learner has completed (from their recorded statements).</summary>
    Task<IReadOnlyList<string>> CompletedPackages(string learnerId);

    /// <summary>When the learner's witnessed statements (not a learner's claims or a manager's statements; imports count) since <paramref name="since"/> happened, for streaks.</summary>
    Task<IReadOnlyList<DateTimeOffset>> ActivityTimes(string learnerId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Whether the learner has recorded this verb on this object before.</summary>
    Task<bool> HasActivity(string learnerId, string verb, string objectId);

    /// <summary>How many learners have a completion of the challenge in their ledger.</summary>
    Task<int> CountChallengeCompletions(string challengeId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the text and salt of the learner's committed reasons (personal-data erasure); the entries, and
    /// the commitments their hashes cover, stay. Returns how many reasons were erased; repeating it erases none.</summary>
    Task<int> EraseReasons(string learnerId);

    Task<IReadOnlyList<string>> ListDepartmentMembers(string departmentId, string? afterLearnerId, int limit, CancellationToken cancellationToken = default);
}
