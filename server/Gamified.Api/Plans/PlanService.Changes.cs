using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Plans;

namespace Gamified.Api.Plans;

/// <summary>An edit of a plan and, when it brings the deadline forward, who would be overdue at the new deadline.</summary>
public sealed record PlanUpdate(TrainingPlanInfo Plan, DateTimeOffset PreviousDeadline, bool Stored, IReadOnlyList<PlanProgress> OverdueAtNewDeadline);

/// <summary>
/// Plans that change, and attendance. The rules of who may: a plan is changed only by someone who manages every one of
/// its departments (before and after the change), or an admin; a manager of some of them sees the plan but asks one who
/// manages all. A session's host manages its attendance only (check-in by hand, roster); a manager of a learner's
/// department may check that learner in by hand.
/// </summary>
public sealed partial class PlanService
{
    public async Task<PlanUpdate> Update(Caller caller, string planId, UpdateTrainingPlan command, bool dryRun, CancellationToken cancellationToken)
    {
        var plan = await Changeable(caller, planId, command.DepartmentIds);
        var change = await grains.TrainingPlan(plan.Id).Update(command, caller.Name, dryRun);
        var after = change.After;
        IReadOnlyList<PlanProgress> overdue = [];
        if (after.Deadline < change.Before.Deadline)
        {
            // Learners who have not finished now, or finished only after the new deadline, would be overdue (or late) at it.
            var rows = await store.Progress(after.DepartmentIds, after.PackageIds, null, cancellationToken);
            var attendance = (await grains.TrainingPlan(plan.Id).Attendance()).ToLookup(a => a.LearnerId, StringComparer.Ordinal);
            var asRequired = after with { Required = true, Status = PlanStatus.Active };
            overdue = rows.Select(r => Row(asRequired, r, attendance[r.LearnerId], after.Deadline))
                .Where(r => !r.IsComplete || r.CompletedAt > after.Deadline)
                .OrderBy(r => r.DepartmentId, StringComparer.Ordinal).ThenBy(r => r.LearnerId, StringComparer.Ordinal).ToList();
        }
        return new PlanUpdate(after, change.Before.Deadline, change.Stored, overdue);
    }

    public async Task<TrainingPlanInfo> SetStatus(Caller caller, string planId, PlanStatus status, string reason) =>
        await grains.TrainingPlan((await Changeable(caller, planId)).Id).SetStatus(status, reason, caller.Name);

    public async Task<TrainingPlanInfo> AddSession(Caller caller, string planId, SessionSpec session) =>
        await grains.TrainingPlan((await Changeable(caller, planId)).Id).AddSession(session, caller.Name);

    public async Task<TrainingPlanInfo> MoveSession(Caller caller, string planId, string sessionId, DateTimeOffset startsAt, DateTimeOffset endsAt,
        string? location) =>
        await grains.TrainingPlan((await Changeable(caller, planId)).Id).MoveSession(Validate.Id(sessionId, "input.sessionId"), startsAt, endsAt, location, caller.Name);

    public async Task<TrainingPlanInfo> SetCapacity(Caller caller, string planId, string sessionId, int capacity) =>
        await grains.TrainingPlan((await Changeable(caller, planId)).Id).SetCapacity(Validate.Id(sessionId, "input.sessionId"), capacity, caller.Name);

    public async Task<TrainingPlanInfo> CancelSession(Caller caller, string planId, string sessionId, string reason) =>
        await grains.TrainingPlan((await Changeable(caller, planId)).Id).CancelSession(Validate.Id(sessionId, "input.sessionId"), reason, caller.Name);

    public async Task<SessionSeat> CancelRegistration(Caller caller, string planId, string sessionId)
    {
        var learner = await Learner(caller);
        return await grains.TrainingPlan(Validate.Id(planId, "input.planId")).CancelRegistration(learner.Id, Validate.Id(sessionId, "input.sessionId"));
    }

    /// <summary>The session's host, or a manager of the learner's department (or an admin), checks a registered learner in by hand.</summary>
    public async Task<CheckInReceipt> CheckInByHost(Caller caller, string planId, string sessionId, string learnerId, string reason)
    {
        var (plan, session) = await SessionOf(planId, sessionId);
        var learner = Validate.IsId(learnerId) ? await grains.Learner(learnerId).Get() : null;
        var isHost = session.Spec.HostId is { } host && caller.Is(host);
        if (!isHost && (learner is null || !caller.Manages(learner.Profile.DepartmentId)))
            throw Caller.Forbidden("Only the session's host and managers of the learner's department check a learner in by hand.");
        // A hand check-in is someone vouching for another; for oneself there is the code.
        if (caller.Is(learnerId)) throw Caller.Forbidden("Check yourself in with the code the host shows.");
        if (learner is null) throw DomainException.NotFound("Learner", learnerId);
        return await grains.TrainingPlan(plan.Id).CheckInByHost(learner.Profile.Id, session.Spec.Id, caller.Name, reason,
            byManager: caller.Manages(learner.Profile.DepartmentId));
    }

    /// <summary>
    /// The whole roster for the session's host, managers of every one of the plan's departments and admins; a manager of
    /// some of them sees the learners of the departments they manage.
    /// </summary>
    public async Task<SessionRoster> Roster(Caller caller, string planId, string sessionId)
    {
        var (plan, session) = await SessionOf(planId, sessionId);
        var isHost = session.Spec.HostId is { } host && caller.Is(host);
        if (!isHost && !plan.DepartmentIds.Any(caller.Manages))
            throw Caller.Forbidden("Only the session's host, managers of the plan's departments and admins see its roster.");
        var roster = await grains.TrainingPlan(plan.Id).Roster(session.Spec.Id);
        return isHost || plan.DepartmentIds.All(caller.Manages) ? roster
            : roster with { Entries = roster.Entries.Where(e => caller.Manages(e.DepartmentId)).ToList() };
    }

    private async Task<(TrainingPlanInfo Plan, SessionInfo Session)> SessionOf(string planId, string sessionId)
    {
        var plan = await Find(planId) ?? throw DomainException.NotFound("Training plan", planId);
        return (plan, plan.Session(sessionId) ?? throw DomainException.NotFound("Session", sessionId));
    }

    private async Task<TrainingPlanInfo> Changeable(Caller caller, string planId, IReadOnlyList<string>? newDepartments = null)
    {
        var plan = await Find(Validate.Id(planId, "input.planId")) ?? throw DomainException.NotFound("Training plan", planId);
        var outside = plan.DepartmentIds.Concat(newDepartments ?? []).Distinct().Where(d => !caller.Manages(d)).ToList();
        if (outside.Count > 0)
            throw Caller.Forbidden($"Changing training plan '{plan.Id}' needs a manager of all its departments; you do not manage {string.Join(", ", outside)}.");
        return plan;
    }
}
