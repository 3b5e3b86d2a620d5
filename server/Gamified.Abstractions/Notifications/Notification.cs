using Gamified.Common;

namespace Gamified.Notifications;

/// <summary>What a notification is about; people choose per kind how (or whether) they hear of it.</summary>
public enum NotificationKind
{
    /// <summary>The learner's department was given a training plan.</summary>
    PlanAssigned,
    /// <summary>A plan's goals, packages or deadline changed, or it was archived or cancelled.</summary>
    PlanChanged,
    /// <summary>A plan's deadline is seven days or one day away and the learner has not finished it.</summary>
    PlanDeadlineSoon,
    /// <summary>A plan's deadline passed and the learner has not finished it.</summary>
    PlanOverdue,
    /// <summary>A session the learner registered for (or is waiting for) moved, or its place or details changed.</summary>
    SessionChanged,
    /// <summary>A session the learner registered for (or is waiting for) was cancelled.</summary>
    SessionCancelled,
    /// <summary>A place freed at a full session went to the learner from the waiting list.</summary>
    WaitlistPlaceFreed,
    /// <summary>The learner earned a badge.</summary>
    BadgeEarned,
    /// <summary>A manager or admin took back one of the learner's awards.</summary>
    AwardRevoked,
}

/// <summary>
/// One notification to send to one or more people. <see cref="Key"/> names the event (for example
/// <c>plan:p1:session:s2:moved:3</c>): sending the same key to a person again adds nothing, so a retried or replayed
/// sender never notifies twice. Texts are written by the sender in both languages; the link is a path in the web
/// app (for example <c>/plans/p1</c>), never a full URL.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.NotificationDraft")]
public sealed record NotificationDraft(
    [property: Id(0)] string Key,
    [property: Id(1)] NotificationKind Kind,
    [property: Id(2)] LocalizedText Title,
    [property: Id(3)] LocalizedText Body,
    [property: Id(4)] string? Link);
