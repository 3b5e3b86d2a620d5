using Gamified.Common;

namespace Gamified.Notifications;

/// <summary>One notification in one person's inbox. <see cref="Id"/> grows with every row stored, so it orders the inbox.</summary>
public sealed record InboxEntry(
    long Id, string RecipientId, string Key, NotificationKind Kind, LocalizedText Title, LocalizedText Body, string? Link,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The ways a notification leaves the server.</summary>
public enum DeliveryChannel
{
    Email,
    WeCom,
    DingTalk,
}

/// <summary>Which outside deliveries a send queues: e-mail (to those who want it) and the configured group robots.</summary>
public sealed record DeliveryPlan(bool Email, IReadOnlyList<DeliveryChannel> Robots)
{
    public static readonly DeliveryPlan None = new(false, []);
}

/// <summary>
/// The inbox: one row per (recipient, key), written once, and the outside deliveries queued in the same transaction, so
/// a notification is never in the inbox without its e-mail queued (or the other way round).
/// </summary>
public interface INotificationStore
{
    /// <summary>
    /// Puts <paramref name="draft"/> in the inboxes of those of <paramref name="recipientIds"/> who do not have its key yet, and
    /// queues the deliveries of <paramref name="deliveries"/> for them; returns the rows it added (none for a repeated key,
    /// also when two nodes send it at once).
    /// </summary>
    Task<IReadOnlyList<InboxEntry>> Store(IReadOnlyList<string> recipientIds, NotificationDraft draft, DeliveryPlan deliveries,
        DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The recipient's notifications newest first, from before <paramref name="beforeId"/> when given.</summary>
    Task<IReadOnlyList<InboxEntry>> Inbox(string recipientId, long? beforeId, int count, bool unreadOnly,
        CancellationToken cancellationToken = default);

    Task<int> UnreadCount(string recipientId, CancellationToken cancellationToken = default);

    /// <summary>Marks the recipient's own notifications of <paramref name="ids"/> (all of them when null) read; returns how many changed.</summary>
    Task<int> MarkRead(string recipientId, IReadOnlyList<long>? ids, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The choices the person stored (kinds they never set are absent: the defaults apply).</summary>
    Task<IReadOnlyList<NotificationPreference>> Preferences(string userId, CancellationToken cancellationToken = default);

    Task SetPreferences(string userId, IReadOnlyList<NotificationPreference> preferences, DateTimeOffset now,
        CancellationToken cancellationToken = default);
}

/// <summary>One delivery waiting to leave: an e-mail to a learner (<see cref="Target"/> is their id) or a group robot's message.</summary>
public sealed record OutboxItem(
    long Id, DeliveryChannel Channel, string Target, string Key, NotificationKind Kind, LocalizedText Title, LocalizedText Body,
    string? Link, IReadOnlyList<string> Mentions, int Attempts);

/// <summary>
/// The queue of outside deliveries. Several nodes drain it at once: a claim takes rows no other node holds (a lease that
/// runs out if its node dies), so each is sent once unless a node dies between sending and <see cref="MarkSent"/>.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Claims up to <paramref name="max"/> due rows for <paramref name="lease"/>, counting the attempt.</summary>
    Task<IReadOnlyList<OutboxItem>> Claim(int max, DateTimeOffset now, TimeSpan lease, int maxAttempts, CancellationToken cancellationToken = default);

    /// <summary>Done: sent, or with <paramref name="note"/> saying why there was no one to send it to.</summary>
    Task MarkSent(long id, DateTimeOffset at, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Releases the claim with the error and the time of the next attempt.</summary>
    Task MarkFailed(long id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default);
}
