using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;
using Gamified.Plans;

namespace Gamified.Api.Plans;

/// <summary>
/// A learner's standing on a plan (completed, by the deadline or late, or overdue). A plan is complete when every
/// package is completed and every required session that was not cancelled is attended; sessions attended that were
/// not required are listed but complete nothing.
/// </summary>
public sealed record PlanProgress(
    string PlanId, string LearnerId, string DepartmentId, IReadOnlyList<string> CompletedPackageIds, int TotalPackages,
    DateTimeOffset Deadline, DateTimeOffset? CompletedAt, bool IsOverdue,
    IReadOnlyList<string> AttendedSessionIds, IReadOnlyList<string> RequiredSessionIds)
{
    public bool IsComplete => CompletedPackageIds.Count == TotalPackages && RequiredSessionIds.All(AttendedSessionIds.Contains);
}

/// <summary>A plan as a learner sees it: the plan, their progress and their session seats.</summary>
public sealed record PlanAssignment(TrainingPlanInfo Plan, PlanProgress Progress, IReadOnlyList<SessionSeat> Seats);

/// <summary>
/// The API's way to training plans: plan grains for the plan and its sessions, <see cref="IPlanProgressStore"/> for
/// progress (read from the learners' package results), and the rule that managers act only on their departments.
/// </summary>
public sealed partial class PlanService(IGrainFactory grains, IPlanProgressStore store, TimeProvider clock)
{
    public Task<TrainingPlanInfo> Create(Caller caller, string id, CreateTrainingPlan command)
    {
        var planId = Validate.Id(id, "input.id");
        var outside = (command.DepartmentIds ?? []).Where(d => !caller.Manages(d)).ToList();
        if (outside.Count > 0) throw Caller.Forbidden($"You do not manage department(s) {string.Join(", ", outside)}.");
        return grains.TrainingPlan(planId).Create(command);
    }

    public async Task<TrainingPlanInfo?> Find(string id) => Validate.IsId(id) ? await grains.TrainingPlan(id).Get() : null;

    public async Task<IReadOnlyList<TrainingPlanInfo>> All()
    {
        var ids = await grains.Directory().List(DirectoryKind.TrainingPlan);
        var plans = await Task.WhenAll(ids.Select(id => grains.TrainingPlan(id).Get()));
        return plans.OfType<TrainingPlanInfo>().OrderBy(p => p.Deadline).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Plans touching a department the caller manages (optionally one given department).</summary>
    public async Task<IReadOnlyList<TrainingPlanInfo>> Managed(Caller caller, string? departmentId) =>
        (await All()).Where(p => p.DepartmentIds.Any(d => caller.Manages(d) && (departmentId is null || d == departmentId))).ToList();

    /// <summary>The signed-in learner (subject of the token), or NOT_FOUND.</summary>
    public async Task<LearnerProfile> Learner(Caller caller)
    {
        var id = caller.Subject ?? throw Caller.Forbidden("Sign in as a learner.");
        var learner = Validate.IsId(id) ? await grains.Learner(id).Get() : null;
        return learner?.Profile ?? throw DomainException.NotFound("Learner", id);
    }

    /// <summary>A plan is visible to managers of one of its departments and to the learners of its departments.</summary>
    public async Task RequireCanSee(Caller caller, TrainingPlanInfo plan)
    {
        if (plan.DepartmentIds.Any(caller.Manages)) return;
        var learner = caller.Subject is { } subject && Validate.IsId(subject) ? await grains.Learner(subject).Get() : null;
        if (learner is null || !plan.DepartmentIds.Contains(learner.Profile.DepartmentId))
            throw Caller.Forbidden($"Training plan '{plan.Id}' is not assigned to you or to a department you manage.");
    }

    public async Task<IReadOnlyList<PlanAssignment>> MyPlans(Caller caller, CancellationToken cancellationToken)
    {
        var learner = await Learner(caller);
        var plans = (await All()).Where(p => p.DepartmentIds.Contains(learner.DepartmentId)).ToList();
        return await Task.WhenAll(plans.Select(async plan => new PlanAssignment(plan,
            (await Progress(plan, [learner.DepartmentId], learner.Id, cancellationToken)).SingleOrDefault() ?? Empty(plan, learner),
            await grains.TrainingPlan(plan.Id).SeatsOf(learner.Id))));
    }

    public async Task<PlanProgress?> ProgressOf(TrainingPlanInfo plan, string learnerId, CancellationToken cancellationToken)
    {
        var learner = Validate.IsId(learnerId) ? await grains.Learner(learnerId).Get() : null;
        if (learner is null || !plan.DepartmentIds.Contains(learner.Profile.DepartmentId)) return null;
        return (await Progress(plan, [learner.Profile.DepartmentId], learnerId, cancellationToken)).SingleOrDefault() ?? Empty(plan, learner.Profile);
    }

    public Task<IReadOnlyList<SessionSeat>> SeatsOf(string planId, string learnerId) => grains.TrainingPlan(planId).SeatsOf(learnerId);

    /// <summary>Progress of every learner in the plan's departments that the caller manages.</summary>
    public async Task<IReadOnlyList<PlanProgress>> LearnerProgress(Caller caller, TrainingPlanInfo plan, bool overdueOnly, CancellationToken cancellationToken)
    {
        var departments = plan.DepartmentIds.Where(caller.Manages).ToList();
        if (departments.Count == 0) throw Caller.Forbidden($"You manage none of training plan '{plan.Id}''s departments.");
        var rows = await Progress(plan, departments, null, cancellationToken);
        return rows.Where(r => !overdueOnly || r.IsOverdue).ToList();
    }

    /// <summary>Every overdue assignment in the departments the caller manages, across all plans.</summary>
    public async Task<IReadOnlyList<PlanProgress>> Overdue(Caller caller, string? departmentId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plans = (await Managed(caller, departmentId)).Where(p => p.Required && p.Status != PlanStatus.Cancelled && p.Deadline < now);
        var rows = new List<PlanProgress>();
        foreach (var plan in plans)
        {
            var departments = plan.DepartmentIds.Where(d => caller.Manages(d) && (departmentId is null || d == departmentId)).ToList();
            rows.AddRange((await Progress(plan, departments, null, cancellationToken)).Where(r => r.IsOverdue));
        }
        return rows.OrderBy(r => r.Deadline).ThenBy(r => r.DepartmentId, StringComparer.Ordinal)
            .ThenBy(r => r.LearnerId, StringComparer.Ordinal).ToList();
    }

    public async Task<SessionSeat> Register(Caller caller, string planId, string sessionId)
    {
        var learner = await Learner(caller);
        return await grains.TrainingPlan(Validate.Id(planId, "input.planId")).Register(learner.Id, learner.DepartmentId,
            Validate.Id(sessionId, "input.sessionId"));
    }

    public async Task<CheckInReceipt> CheckIn(Caller caller, string planId, string sessionId, string code)
    {
        var learner = await Learner(caller);
        return await grains.TrainingPlan(Validate.Id(planId, "input.planId")).CheckIn(learner.Id, Validate.Id(sessionId, "input.sessionId"), code);
    }

    /// <summary>The code is for the session's host, managers of the plan's departments and admins.</summary>
    public async Task<CheckInCode> CurrentCode(Caller caller, string planId, string sessionId)
    {
        var plan = await Find(planId) ?? throw DomainException.NotFound("Training plan", planId);
        var session = plan.Session(sessionId) ?? throw DomainException.NotFound("Session", sessionId);
        var isHost = session.Spec.HostId is { } host && caller.Is(host);
        if (!isHost && !plan.DepartmentIds.Any(caller.Manages))
            throw Caller.Forbidden("Only the session's host, managers of the plan's departments and admins see its check-in code.");
        return await grains.TrainingPlan(plan.Id).CurrentCode(session.Spec.Id);
    }

    private async Task<IReadOnlyList<PlanProgress>> Progress(TrainingPlanInfo plan, IReadOnlyList<string> departments, string? learnerId,
        CancellationToken cancellationToken)
    {
        var rows = await store.Progress(departments, plan.PackageIds, learnerId, cancellationToken);
        // One learner's page asks for their own seats only; a plan's full attendance (up to sessions × capacity) is for managers.
        var attended = learnerId is null ? await grains.TrainingPlan(plan.Id).Attendance()
            : (await grains.TrainingPlan(plan.Id).SeatsOf(learnerId)).Where(s => s.CheckedInAt is not null).ToList();
        var attendance = attended.ToLookup(a => a.LearnerId, StringComparer.Ordinal);
        return rows.Select(r => Row(plan, r, attendance[r.LearnerId], plan.Deadline)).ToList();
    }

    /// <summary>
    /// One learner's progress against <paramref name="deadline"/> (the plan's, or a proposed one). Completion time is the
    /// last package completed or required session attended. A cancelled plan makes nobody overdue.
    /// </summary>
    private PlanProgress Row(TrainingPlanInfo plan, PlanLearnerProgress row, IEnumerable<SessionSeat> attended, DateTimeOffset deadline)
    {
        var seats = attended.ToList();
        var done = plan.PackageIds.Where(row.CompletedPackages.ContainsKey).ToList();
        var required = plan.RequiredSessionIds;
        var attendedIds = plan.Sessions.Select(s => s.Spec.Id).Where(id => seats.Any(a => a.SessionId == id)).ToList();
        var complete = plan.IsCompletedBy(done, attendedIds);
        var times = row.CompletedPackages.Where(c => plan.PackageIds.Contains(c.Key)).Select(c => c.Value)
            .Concat(seats.Where(a => required.Contains(a.SessionId)).Select(a => a.CheckedInAt!.Value)).ToList();
        return new PlanProgress(plan.Id, row.LearnerId, row.DepartmentId, done, plan.PackageIds.Count, deadline,
            complete && times.Count > 0 ? times.Max() : null,
            plan.Required && plan.Status != PlanStatus.Cancelled && !complete && clock.GetUtcNow() > deadline, attendedIds, required);
    }

    private PlanProgress Empty(TrainingPlanInfo plan, LearnerProfile learner) =>
        Row(plan, new PlanLearnerProgress(learner.Id, learner.DepartmentId, new Dictionary<string, DateTimeOffset>()), [], plan.Deadline);
}
