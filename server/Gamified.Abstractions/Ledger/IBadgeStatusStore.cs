namespace Gamified.Ledger;

/// <summary>
/// What the badge credentials' status lists are made of. A badge's status index is its ledger entry's global
/// <c>position</c>: given once when the entry is written, never reused, so no table of indexes is needed. A badge is
/// revoked when a <c>BadgeRevoked</c> entry names its entry (rule <c>revoke.&lt;seq&gt;</c>); the ledger stays the only record.
/// </summary>
public interface IBadgeStatusStore
{
    /// <summary>The learner's badge entries: seq → position (the status index).</summary>
    Task<IReadOnlyDictionary<long, long>> BadgePositions(string learnerId, CancellationToken cancellationToken = default);

    /// <summary>The positions in [from, to) of badge entries that were revoked.</summary>
    Task<IReadOnlyList<long>> RevokedPositions(long from, long to, CancellationToken cancellationToken = default);

    /// <summary>The highest position written so far (0 when the ledger is empty): status lists beyond it do not exist yet.</summary>
    Task<long> LastPosition(CancellationToken cancellationToken = default);
}
