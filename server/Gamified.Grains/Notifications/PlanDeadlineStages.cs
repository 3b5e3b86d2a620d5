namespace Gamified.Notifications;

/// <summary>The moments a plan reminds its unfinished learners: seven days before the deadline, one day before, and at it (overdue).</summary>
public enum PlanDeadlineStage
{
    SevenDays,
    OneDay,
    Overdue,
}

/// <summary>
/// Which reminder is due when (pure). A stage counts only if it falls after the schedule was made: a plan created three days
/// before its deadline gets no "seven days left" notice. When the server was down over several stages, only the latest is
/// sent: a learner one day from the deadline hears "one day", not "seven days" as well.
/// </summary>
public static class PlanDeadlineStages
{
    /// <summary>Orleans timers may fire a moment early; a stage this close counts as due.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    public static DateTimeOffset At(DateTimeOffset deadline, PlanDeadlineStage stage) => stage switch
    {
        PlanDeadlineStage.SevenDays => deadline - TimeSpan.FromDays(7),
        PlanDeadlineStage.OneDay => deadline - TimeSpan.FromDays(1),
        _ => deadline,
    };

    /// <summary>The latest stage due at <paramref name="now"/> that falls after <paramref name="scheduledAt"/>, or null.</summary>
    public static PlanDeadlineStage? Due(DateTimeOffset deadline, DateTimeOffset scheduledAt, DateTimeOffset now) =>
        Enum.GetValues<PlanDeadlineStage>().Where(s => At(deadline, s) <= now + Tolerance && At(deadline, s) >= scheduledAt)
            .Select(s => (PlanDeadlineStage?)s).LastOrDefault();

    /// <summary>The next stage after <paramref name="now"/>, or null once the deadline has passed.</summary>
    public static PlanDeadlineStage? Next(DateTimeOffset deadline, DateTimeOffset now) =>
        Enum.GetValues<PlanDeadlineStage>().Where(s => At(deadline, s) > now + Tolerance).Select(s => (PlanDeadlineStage?)s).FirstOrDefault();

    /// <summary>The notification's key: per plan, deadline and stage, so a moved deadline reminds again and a repeat never does.</summary>
    public static string Key(string planId, DateTimeOffset deadline, PlanDeadlineStage stage) =>
        $"plan:{planId}:deadline:{deadline.UtcDateTime:O}:" + stage switch
        {
            PlanDeadlineStage.SevenDays => "7d",
            PlanDeadlineStage.OneDay => "1d",
            _ => "overdue",
        };
}
