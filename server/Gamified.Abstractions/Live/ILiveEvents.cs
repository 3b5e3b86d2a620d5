namespace Gamified.Live;

public sealed record BadgeAwardedEvent(string LearnerId, string BadgeId, string Reason, DateTimeOffset At);

public sealed record LevelUpEvent(string LearnerId, int Level, Common.LocalizedText Name, DateTimeOffset At);

/// <summary>The boards moved up to ledger position <see cref="Version"/>.</summary>
public sealed record BoardsMovedEvent(long Version, DateTimeOffset At);

/// <summary>
/// What happened that live clients want to hear of, published by the node where it happened. Subscriptions
/// on this node listen here; fan-out to other nodes is not built yet.
/// </summary>
public interface ILiveEvents
{
    void Publish(BadgeAwardedEvent e);
    void Publish(LevelUpEvent e);
    void Publish(BoardsMovedEvent e);
}
