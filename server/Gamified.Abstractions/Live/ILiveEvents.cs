namespace Gamified.Live;

public sealed record BadgeAwardedEvent(string LearnerId, string BadgeId, string Reason, DateTimeOffset At);

public sealed record LevelUpEvent(string LearnerId, int Level, Common.LocalizedText Name, DateTimeOffset At);

/// <summary>
/// A manager or admin took back an award: XP (<see cref="Amount"/> taken off) or a badge (<see cref="BadgeId"/>).
/// <see cref="RevokedSeq"/> is the revoked entry, <see cref="Seq"/> the revocation's own entry; the learner is told why.
/// </summary>
public sealed record AwardRevokedEvent(string LearnerId, long Seq, long RevokedSeq, int Amount, string? BadgeId, string Reason, DateTimeOffset At);

/// <summary>The boards moved up to ledger position <see cref="Version"/>.</summary>
public sealed record BoardsMovedEvent(long Version, DateTimeOffset At);

/// <summary>How a learner appears on the boards changed without the boards moving: their name or privacy choice, their
/// department, or whether they are active.</summary>
public sealed record LearnerShownEvent(string LearnerId, DateTimeOffset At);

/// <summary>A notification was put in <see cref="RecipientId"/>'s inbox (<see cref="Id"/> is its inbox row).</summary>
public sealed record NotificationReceivedEvent(string RecipientId, long Id, Notifications.NotificationKind Kind, Common.LocalizedText Title,
    Common.LocalizedText Body, string? Link, DateTimeOffset At);

/// <summary>
/// What happened that live clients want to hear of, published by the node where it happened. Subscriptions
/// on this node listen here; with Redis configured, <c>RedisLiveEvents</c> carries each event to every node.
/// </summary>
public interface ILiveEvents
{
    void Publish(BadgeAwardedEvent e);
    void Publish(LevelUpEvent e);
    void Publish(BoardsMovedEvent e);
    void Publish(AwardRevokedEvent e);
    void Publish(LearnerShownEvent e);
    void Publish(NotificationReceivedEvent e);
}
