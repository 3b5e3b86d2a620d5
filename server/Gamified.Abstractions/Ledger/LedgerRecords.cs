namespace Gamified.Ledger;

/// <summary>A recorded activity statement, kept for idempotent replays, analytics and exports.</summary>
public sealed record ActivityRecord(
    string ActivityId,
    string LearnerId,
    string IdempotencyKey,
    string PayloadHash,
    string Verb,
    string ObjectKind,
    string ObjectId,
    string StatementJson,
    int XpAwarded,
    long XpTotal,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt);

/// <summary>
/// One atomic append: the entries, the activity that caused them (if any), and the account's new head.
/// <see cref="ExpectedEntryCount"/> is the head the writer saw; if the stored head differs, another writer
/// appended meanwhile and nothing is written.
/// </summary>
public sealed record LedgerAppend(
    string LearnerId,
    long ExpectedEntryCount,
    long NewXp,
    IReadOnlyList<LedgerEntry> Entries,
    ActivityRecord? Activity,
    DateTimeOffset At)
{
    public long NewEntryCount => ExpectedEntryCount + Entries.Count;
    public string? NewLastHash => Entries.Count > 0 ? Entries[^1].Hash : null;
}

/// <summary>
/// A learner's account as stored: the ledger head and what is derived from the ledger. <see cref="BadgeEntries"/>
/// are every badge ever awarded (so the engine never gives a revoked badge again); <see cref="HeldBadgeEntries"/>
/// leaves out those a <see cref="LedgerEntryKind.BadgeRevoked"/> entry took back.
/// </summary>
public sealed record AccountSnapshot(
    string LearnerId,
    string DepartmentId,
    long Xp,
    long EntryCount,
    string LastHash,
    IReadOnlyList<LedgerEntry> BadgeEntries,
    IReadOnlyList<LedgerEntry> ChallengeEntries,
    IReadOnlyList<LedgerEntry>? BadgeRevocations = null)
{
    public IEnumerable<LedgerEntry> HeldBadgeEntries => BadgeRevocations is not { Count: > 0 } revoked
        ? BadgeEntries
        : BadgeEntries.Where(b => !revoked.Any(r => Revocation.RevokedSeq(r) == b.Seq));

    /// <summary>The account once <paramref name="entries"/> (chained after this head, and written) are added.</summary>
    public AccountSnapshot After(IReadOnlyList<LedgerEntry> entries) => entries.Count == 0 ? this : this with
    {
        Xp = Xp + entries.Sum(e => (long)e.Amount),
        EntryCount = entries[^1].Seq,
        LastHash = entries[^1].Hash,
        BadgeEntries = [.. BadgeEntries, .. entries.Where(e => e.Kind == LedgerEntryKind.Badge)],
        ChallengeEntries = [.. ChallengeEntries, .. entries.Where(e => e.ChallengeId is not null)],
        BadgeRevocations = [.. BadgeRevocations ?? [], .. entries.Where(e => e.Kind == LedgerEntryKind.BadgeRevoked)],
    };
}

public sealed record StoredActivity(ActivityRecord Record, IReadOnlyList<LedgerEntry> Entries);

public sealed record DepartmentTotals(string DepartmentId, int Members, int ActiveLearners, long TotalXp);

/// <summary>The head moved under the writer: another activation of the same learner wrote first.</summary>
public sealed class LedgerConcurrencyException(string learnerId)
    : Exception($"The ledger of learner '{learnerId}' changed concurrently.");

/// <summary>The idempotency key was recorded by another writer first.</summary>
public sealed class DuplicateActivityException(string learnerId, string key)
    : Exception($"Learner '{learnerId}' already has an activity with idempotency key '{key}'.");

/// <summary>A ledger entry of one day with the attestation of its statement (null: a challenge, a correction, a badge by hand).</summary>
public sealed record DayEntry(LedgerEntry Entry, Gamified.Activity.Attestation? Attestation);
