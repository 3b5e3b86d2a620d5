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
    private const int Capacity = 1024;

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
    public async Task<ActivityOutcome> Earlier(ActivityStatement statement, string payloadHash)
    {
        if (TryReplay(statement, payloadHash, out var known)) return known;
        var stored = await ledger.FindActivity(learnerId, statement.IdempotencyKey)
                     ?? throw new InvalidOperationException("A duplicate activity vanished.");
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
