using Gamified.Notifications;
using Microsoft.Extensions.Logging;

namespace Gamified.Plans;

/// <summary>
/// Handing the plan's notices to the notification dispatch and its deadline to the reminders. Both run after the
/// change is stored, and a failure is logged, never thrown: a stored change stays made and acknowledged even when
/// notifications are down (the keys make a later resend harmless).
/// </summary>
public sealed partial class TrainingPlanGrain
{
    private Task Notify(IReadOnlyList<string> recipients, NotificationDraft draft) => recipients.Count == 0
        ? Task.CompletedTask
        : Guarded($"send {draft.Key}", () => GrainFactory.Notify(recipients, draft));

    /// <summary>Every learner now in one of <paramref name="departments"/>.</summary>
    private async Task NotifyPlanLearners(IReadOnlyList<string> departments, NotificationDraft draft)
    {
        if (departments.Count == 0) return;
        await Guarded($"send {draft.Key}", async () =>
        {
            var learners = await progress.Progress(departments, state.State.PackageIds);
            if (learners.Count > 0) await GrainFactory.Notify(learners.Select(l => l.LearnerId).ToList(), draft);
        });
    }

    private Task NotifyAssigned(IReadOnlyList<string> departments) =>
        NotifyPlanLearners(departments, PlanNotices.Assigned(PlanId, state.State.Titles, state.State.Deadline, calendar.Zone));

    private Task ScheduleReminders() => Guarded("schedule the deadline reminders", () => GrainFactory.PlanReminders(PlanId).Schedule(state.State.Deadline));

    private async Task Guarded(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "Training plan {PlanId}: could not {What}; the change itself is stored.", PlanId, what);
        }
    }
}
