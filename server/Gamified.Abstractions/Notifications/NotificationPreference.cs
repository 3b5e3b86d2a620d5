namespace Gamified.Notifications;

/// <summary>
/// How a person hears of one kind of notification beyond the inbox, which is always on (it is the record).
/// <see cref="Email"/>: an e-mail to the address on their profile. <see cref="Robot"/>: be @-mentioned (by the mobile number on
/// their profile) when the group robot posts the event; it applies only to kinds a group hears of.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.NotificationPreference")]
public sealed record NotificationPreference(
    [property: Id(0)] NotificationKind Kind,
    [property: Id(1)] bool Email,
    [property: Id(2)] bool Robot)
{
    /// <summary>E-mail on, mentions off: a mobile number goes to a chat service only when its owner asks for it.</summary>
    public static NotificationPreference Default(NotificationKind kind) => new(kind, Email: true, Robot: false);
}

public static class NotificationKinds
{
    /// <summary>
    /// The events a department's group chat hears of: what a plan asks of everyone and changes to its sessions. One person's
    /// award, revocation, overdue plan or waiting-list place is theirs alone and never goes to a group.
    /// </summary>
    public static bool ForGroups(NotificationKind kind) => kind is NotificationKind.PlanAssigned or NotificationKind.PlanChanged
        or NotificationKind.PlanDeadlineSoon or NotificationKind.SessionChanged or NotificationKind.SessionCancelled;

    /// <summary>Every kind with the person's choice or the default, in the enum's order.</summary>
    public static IReadOnlyList<NotificationPreference> Effective(IReadOnlyList<NotificationPreference> stored) =>
        Enum.GetValues<NotificationKind>()
            .Select(kind => stored.FirstOrDefault(p => p.Kind == kind) ?? NotificationPreference.Default(kind))
            .Select(p => ForGroups(p.Kind) ? p : p with { Robot = false })
            .ToList();
}
