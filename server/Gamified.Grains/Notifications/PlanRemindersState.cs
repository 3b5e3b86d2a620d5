namespace Gamified.Notifications;

[GenerateSerializer, Alias("gamified.PlanRemindersState")]
public sealed class PlanRemindersState
{
    [Id(0)] public DateTimeOffset? Deadline { get; set; }
    /// <summary>When the deadline was set: stages before it are not sent.</summary>
    [Id(1)] public DateTimeOffset ScheduledAt { get; set; }
    [Id(2)] public bool Cancelled { get; set; }
}
