namespace Gamified.Ledger;

public enum LedgerEntryKind
{
    Xp,
    Badge,
    /// <summary>The learner reached a new level (amount 0): level-ups are events in the ledger too.</summary>
    LevelUp,
    /// <summary>A manager or admin took back a badge (amount 0, the badge's id, rule <c>revoke.&lt;seq&gt;</c> of the badge's entry).</summary>
    BadgeRevoked,
}

/// <summary>
/// One append-only ledger line. <see cref="Seq"/> counts from 1 per learner; <see cref="Hash"/> chains
/// each entry to the one before it (<see cref="PreviousHash"/>), so an altered past entry is detectable.
/// The hash covers the reason through <see cref="ReasonCommitment"/> (a salted digest), so the reason's text, which
/// may be about a person, can be erased without breaking the chain; entries from before commitments have none and
/// their hash covers the text itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] string LearnerId,
    [property: Id(1)] long Seq,
    [property: Id(2)] LedgerEntryKind Kind,
    [property: Id(3)] int Amount,
    [property: Id(4)] string? BadgeId,
    [property: Id(5)] string Reason,
    [property: Id(6)] string? ActivityId,
    [property: Id(7)] string? ChallengeId,
    [property: Id(8)] string? RuleId,
    [property: Id(9)] DateTimeOffset OccurredAt,
    [property: Id(10)] DateTimeOffset RecordedAt,
    [property: Id(11)] string PreviousHash,
    [property: Id(12)] string Hash,
    [property: Id(13)] string? SchemeId = null,
    [property: Id(14)] int? SchemeVersion = null,
    [property: Id(15)] string? ReasonCommitment = null,
    [property: Id(16)] string? ReasonSalt = null)
{
    /// <summary>The reason's text was erased (personal-data erasure); its commitment, which the hash covers, stays.</summary>
    public bool ReasonErased => ReasonCommitment is not null && ReasonSalt is null;
}

[GenerateSerializer, Immutable, Alias("gamified.LevelInfo")]
public sealed record LevelInfo(
    [property: Id(0)] int Number,
    [property: Id(1)] Common.LocalizedText Name,
    [property: Id(2)] long MinXp,
    [property: Id(3)] long? NextLevelXp);
