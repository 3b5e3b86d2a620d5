using Gamified.Common;
using Gamified.Plans;
using Gamified.Rewards;
using Microsoft.Extensions.Logging;

namespace Gamified.Notifications;

/// <summary>
/// A plan's deadline reminders on one Orleans reminder, re-armed after each stage for the next: it lives in the reminder table
/// (PostgreSQL, or the SQLite file), so it survives restarts and moves with the grain. Each stage goes to the learners of the
/// plan's departments who have not completed its packages, under a key per plan, deadline and stage, so it is sent once
/// however often the reminder ticks.
/// </summary>
public sealed class PlanRemindersGrain(
    [PersistentState("plan-reminders", StorageNames.Main)] IPersistentState<PlanRemindersState> state,
    IPlanProgressStore progress,
    RewardSettings settings,
    TimeProvider clock,
    ILogger<PlanRemindersGrain> logger) : Grain, IPlanRemindersGrain, IRemindable
{
    private const string ReminderName = "deadline";

    // Orleans's shortest period. Orleans skips ticks missed while the server was down to the next multiple of the period, so
    // a stage that fell due then is sent within a minute of the return; otherwise the reminder is re-armed before it repeats.
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private string PlanId => this.EntityId();

    public async Task Schedule(DateTimeOffset deadline)
    {
        Validate.Moment(deadline, "deadline");
        // The same deadline again keeps its schedule time, so stages between the two calls are not skipped.
        if (!state.RecordExists || state.State.Cancelled || state.State.Deadline != deadline)
        {
            state.State = new PlanRemindersState { Deadline = deadline, ScheduledAt = clock.GetUtcNow() };
            await state.WriteStateAsync();
        }
        await Arm();
    }

    public async Task Cancel()
    {
        if (state.RecordExists && !state.State.Cancelled)
        {
            state.State.Cancelled = true;
            await state.WriteOrUndoAsync(() => state.State.Cancelled = false);
        }
        await Disarm();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName) return;
        if (!state.RecordExists || state.State.Cancelled || state.State.Deadline is not { } deadline)
        {
            await Disarm();
            return;
        }
        if (PlanDeadlineStages.Due(deadline, state.State.ScheduledAt, clock.GetUtcNow()) is { } stage)
            // A failure throws before the re-arm: the reminder ticks again in a minute and the stage is tried again.
            await Remind(deadline, stage);
        await Arm();
    }

    private async Task Remind(DateTimeOffset deadline, PlanDeadlineStage stage)
    {
        var planGrain = GrainFactory.TrainingPlan(PlanId);
        // An archived or cancelled plan reminds no one, whether or not its Cancel() reached this grain.
        if (await planGrain.Get() is not { Status: PlanStatus.Active } plan) return;
        // Overdue is about plans a learner must finish; an optional plan's deadline passing is no one's fault.
        if (stage == PlanDeadlineStage.Overdue && !plan.Required) return;
        var attended = (await planGrain.Attendance()).ToLookup(seat => seat.LearnerId, seat => seat.SessionId, StringComparer.Ordinal);
        var unfinished = (await progress.Progress(plan.DepartmentIds, plan.PackageIds))
            .Where(learner => !plan.IsCompletedBy(learner.CompletedPackages.Keys, attended[learner.LearnerId]))
            .Select(learner => learner.LearnerId)
            .ToList();
        if (unfinished.Count == 0) return;
        await GrainFactory.Notify(unfinished, PlanReminderTexts.Draft(plan, deadline, stage, settings.Zone));
        logger.LogDebug("Plan {PlanId} reminded {Count} learners ({Stage})", PlanId, unfinished.Count, stage);
    }

    /// <summary>Sets the reminder for the next stage, or removes it once the deadline has passed.</summary>
    private async Task Arm()
    {
        var now = clock.GetUtcNow();
        if (state.State.Deadline is not { } deadline || PlanDeadlineStages.Next(deadline, now) is not { } next)
        {
            await Disarm();
            return;
        }
        var due = PlanDeadlineStages.At(deadline, next) - now;
        await this.RegisterOrUpdateReminder(ReminderName, due < TimeSpan.Zero ? TimeSpan.Zero : due, Period);
    }

    private async Task Disarm()
    {
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }
}
