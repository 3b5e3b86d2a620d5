namespace Gamified.Notifications;

/// <summary>
/// Where every feature hands its notifications: it puts each in the recipients' inboxes (once per recipient and key)
/// and queues the e-mail and group-robot deliveries their preferences ask for. It returns once the inbox entries are
/// stored; deliveries outside the server follow on their own, retried, so a slow mail server never holds up a
/// manager's change.
/// </summary>
[Alias("gamified.INotificationDispatchGrain")]
public interface INotificationDispatchGrain : IGrainWithIntegerKey
{
    [Alias("Send")]
    Task Send(IReadOnlyList<string> recipientIds, NotificationDraft draft);
}

/// <summary>
/// A plan's deadline reminders (seven days before, one day before, and overdue), kept as Orleans reminders so they
/// survive restarts and move with the grain. Keyed like the plan (<c>GrainKeys.Of(planId)</c>). The plan schedules them when it is created or its
/// deadline changes, and cancels them when it is archived or cancelled.
/// </summary>
[Alias("gamified.IPlanRemindersGrain")]
public interface IPlanRemindersGrain : IGrainWithStringKey
{
    [Alias("Schedule")]
    Task Schedule(DateTimeOffset deadline);

    [Alias("Cancel")]
    Task Cancel();
}

public static class NotificationGrains
{
    /// <summary>The most recipients one <see cref="INotificationDispatchGrain.Send"/> takes (one insert statement's worth).</summary>
    public const int MaxRecipientsPerSend = 20_000;

    public static INotificationDispatchGrain Notifications(this IGrainFactory grains) => grains.GetGrain<INotificationDispatchGrain>(0);

    /// <summary>Sends to any number of recipients, <see cref="MaxRecipientsPerSend"/> at a time (a plan for a whole city's
    /// staff has more than one send takes).</summary>
    public static async Task Notify(this IGrainFactory grains, IReadOnlyList<string> recipientIds, NotificationDraft draft)
    {
        foreach (var chunk in recipientIds.Chunk(MaxRecipientsPerSend))
            await grains.Notifications().Send(chunk, draft);
    }

    public static IPlanRemindersGrain PlanReminders(this IGrainFactory grains, string planId) =>
        grains.GetGrain<IPlanRemindersGrain>(Common.GrainKeys.Of(planId));
}
