namespace Gamified.Ledger;

public sealed record BrokenLink(string LearnerId, long Seq, string Problem);

public sealed record LedgerVerification(bool Ok, int LearnersChecked, long EntriesChecked, BrokenLink? FirstBrokenLink);

/// <summary>
/// Walks the stored ledger and recomputes every hash. Any change to a stored entry (amount, reason, time,
/// order), a removed or inserted entry, or an account head that does not match its entries, is reported
/// as the first broken link, in (learner, seq) order.
/// </summary>
public interface ILedgerVerifier
{
    Task<LedgerVerification> Verify(string? learnerId = null, CancellationToken cancellationToken = default);
}
