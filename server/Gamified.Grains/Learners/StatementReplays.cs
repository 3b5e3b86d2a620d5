using Gamified.Activity;
using Gamified.Common;
using Gamified.Ledger;

namespace Gamified.Learners;

/// <summary>
/// Idempotency for one learner's statements: a key seen by this activation is answered from memory; a key recorded
/// earlier (another activation, a retry after a restart) is read back from the ledger store once the store's unique
/// key has refused it. Either way the first outcome comes back, never a second award.
/// </summary>
internal sealed class StatementReplays(string learnerId, ILedgerStore ledger)
{
    // A client retries within seconds, when few of the learner's statements have come in since; an older key this activation
    // recorded is answered from the ledger (one indexed read: RecentOutcomes remembers the keys it let go), and a key of an
    // earlier activation when the commit's unique key refuses it. Each outcome held costs about 600 bytes with its entries:
    // 1,024 of them let one busy learner's grain hold over half a megabyte, and 64 still held about 115 MB for 3,000 learners
    // sent 70 statements each in batches (docs/PERFORMANCE.md); 16 hold about 10 KB a learner at most.
    private const int Capacity = 16;

    private readonly RecentOutcomes _recent = new(Capacity);

    public bool TryReplay(ActivityStatement statement, string payloadHash, out ActivityOutcome outcome)
    {
        if (!_recent.TryGet(statement.IdempotencyKey, out var knownHash, out var known))
        {
            outcome = null!;
            return false;
        }
        outcome = Replay(knownHash, payloadHash, known, statement.Attestation);
        return true;
    }

    public void Remember(string key, string payloadHash, ActivityOutcome outcome) => _recent.Remember(key, payloadHash, outcome);

    /// <summary>The outcome of the statement recorded earlier under this key (the store refused it as a duplicate).</summary>
    public async Task<ActivityOutcome> Earlier(ActivityStatement statement, string payloadHash) =>
        await Stored(statement, payloadHash) ?? throw new InvalidOperationException("A duplicate activity vanished.");

    /// <summary>
    /// For a key this activation recorded and whose outcome it let go: the first result, read from the ledger (one indexed
    /// read, no rules, no commit), or null when the key was not recorded after all (its hash matched another key's).
    /// </summary>
    public async Task<ActivityOutcome?> Forgotten(ActivityStatement statement, string payloadHash) =>
        _recent.ProbablySeen(statement.IdempotencyKey) ? await FromLedger(statement, payloadHash) : null;

    private async Task<ActivityOutcome?> Stored(ActivityStatement statement, string payloadHash) =>
        TryReplay(statement, payloadHash, out var known) ? known : await FromLedger(statement, payloadHash);

    private async Task<ActivityOutcome?> FromLedger(ActivityStatement statement, string payloadHash)
    {
        var stored = await ledger.FindActivity(learnerId, statement.IdempotencyKey);
        if (stored is null) return null;
        var first = new ActivityOutcome(stored.Record.ActivityId, false, stored.Record.XpAwarded, stored.Record.XpTotal, stored.Entries,
            StatementRules.FromJson(stored.Record.StatementJson).Attestation);
        _recent.Remember(statement.IdempotencyKey, stored.Record.PayloadHash, first);
        return Replay(stored.Record.PayloadHash, payloadHash, first, statement.Attestation);
    }

    /// <summary>
    /// The first outcome again, for the same statement from the same kind of witness. The same payload under another
    /// attestation is refused rather than replayed: a manager's statement must not come back as the learner's earlier
    /// unscored claim, silently worth nothing.
    /// </summary>
    private static ActivityOutcome Replay(string storedHash, string payloadHash, ActivityOutcome first, Attestation attestation) =>
        storedHash == payloadHash && first.Attestation == attestation
            ? first with { Replayed = true }
            : throw new DomainException(ErrorCodes.IdempotencyKeyReused,
                "This idempotency key was already used for a different statement.", "input.idempotencyKey");
}
