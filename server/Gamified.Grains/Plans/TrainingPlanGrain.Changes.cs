using Gamified.Common;
using Gamified.Notifications;

namespace Gamified.Plans;

/// <summary>
/// Plans that change: edits, archive and cancel, sessions added, moved, resized and cancelled, and places given up.
/// Each change is stored first and notified after (a notification that fails is logged and never undoes the change);
/// the plan's <see cref="TrainingPlanState.Revision"/> goes into the notification keys, so each change notifies once.
/// </summary>
public sealed partial class TrainingPlanGrain
{
    public const int MaxReasonLength = 500;

    public async Task<PlanChange> Update(UpdateTrainingPlan command, string changedBy, bool dryRun)
    {
        RequireExists();
        RequireActive();
        var before = Info();
        var now = clock.GetUtcNow();
        var titles = command.Titles is null ? state.State.Titles : Validate.Names(command.Titles, "input.titles");
        var goals = command.Goals is null ? state.State.Goals : Goals(command.Goals);
        var departments = command.DepartmentIds is null ? state.State.DepartmentIds : Ids(command.DepartmentIds, "input.departmentIds", MaxDepartments);
        foreach (var department in departments.Except(state.State.DepartmentIds))
            if (await GrainFactory.Department(department).Get() is null) throw DomainException.NotFound("Department", department);
        var packages = command.PackageIds is null ? state.State.PackageIds : Ids(command.PackageIds, "input.packageIds", MaxPackages);
        foreach (var package in packages.Except(state.State.PackageIds))
            if (catalog.Latest(package) is null) throw DomainException.NotFound("Package", package);
        var deadline = command.Deadline ?? state.State.Deadline;
        // Extending is always allowed; any new deadline (earlier or later) must still be ahead.
        if (command.Deadline is { } moved && moved != state.State.Deadline && Validate.Moment(moved, "input.deadline") <= now)
            throw DomainException.BadInput("input.deadline", "input.deadline must be in the future.");
        var required = command.Required ?? state.State.Required;
        var after = before with
        {
            Titles = titles, Goals = goals.ToList(), DepartmentIds = departments.ToList(), PackageIds = packages.ToList(),
            Deadline = deadline, Required = required, Revision = before.Revision + 1,
        };
        if (dryRun) return new PlanChange(before, after with { Revision = before.Revision }, false);
        // Nothing changes: nothing is written and nobody is told (a repeated or empty edit would otherwise notify, and
        // e-mail, every learner of the plan each time).
        if (titles == before.Titles && goals.SequenceEqual(before.Goals) && departments.SequenceEqual(before.DepartmentIds) &&
            packages.SequenceEqual(before.PackageIds) && deadline == before.Deadline && required == before.Required)
            return new PlanChange(before, before, false);

        (state.State.Titles, state.State.Goals, state.State.DepartmentIds, state.State.PackageIds, state.State.Deadline, state.State.Required) =
            (titles, goals, departments, packages, deadline, required);
        state.State.Revision++;
        await WriteOrReload();

        var added = departments.Except(before.DepartmentIds).ToList();
        // Everyone the plan was for hears of the change, those of a department taken off it included (it no longer asks
        // anything of them); a department added hears of its assignment instead.
        await NotifyPlanLearners(before.DepartmentIds.Union(departments).Except(added).ToList(), PlanNotices.Changed(PlanId, state.State.Titles, state.State.Revision, state.State.Deadline, calendar.Zone));
        if (added.Count > 0) await NotifyAssigned(added);
        if (deadline != before.Deadline) await ScheduleReminders();
        return new PlanChange(before, Info(), true);
    }

    public async Task<TrainingPlanInfo> SetStatus(PlanStatus status, string reason, string changedBy)
    {
        RequireExists();
        if (status == PlanStatus.Active) throw DomainException.BadInput("input.status", "A plan is archived or cancelled; it is not made active again.");
        if (!Enum.IsDefined(status)) throw DomainException.BadInput("input.status", "input.status is not a known status.");
        if (state.State.Status == status) return Info();
        RequireActive();
        state.State.Status = status;
        state.State.StatusReason = Reason(reason);
        state.State.StatusChangedAt = clock.GetUtcNow();
        state.State.Revision++;
        await WriteOrReload();
        await NotifyPlanLearners(state.State.DepartmentIds, PlanNotices.Ended(PlanId, state.State.Titles, status, state.State.Revision, state.State.StatusReason));
        await Guarded("cancel the plan's reminders", () => GrainFactory.PlanReminders(PlanId).Cancel());
        return Info();
    }

    public async Task<TrainingPlanInfo> AddSession(SessionSpec session, string changedBy)
    {
        RequireExists();
        RequireActive();
        if (state.State.Sessions.Count >= MaxSessions) throw DomainException.BadInput("input.session", $"A plan has at most {MaxSessions} sessions.");
        if (session.StartsAt <= clock.GetUtcNow()) throw DomainException.BadInput("input.session.startsAt", "A session added to a plan starts in the future.");
        state.State.Sessions.Add(NewSession(PlanId, session, state.State.Sessions));
        state.State.Revision++;
        await WriteOrReload();
        await NotifyPlanLearners(state.State.DepartmentIds, PlanNotices.Changed(PlanId, state.State.Titles, state.State.Revision, state.State.Deadline, calendar.Zone));
        return Info();
    }

    public async Task<TrainingPlanInfo> MoveSession(string sessionId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? location, string changedBy)
    {
        var session = RequireChangeableSession(sessionId);
        SessionTimes(startsAt, endsAt);
        if (startsAt <= clock.GetUtcNow()) throw DomainException.BadInput("input.startsAt", "A session is moved to a time in the future.");
        var newLocation = location is null ? session.Spec.Location : Location(location);
        // Moved to where and when it already is: nothing to store and nobody to tell.
        if (startsAt == session.Spec.StartsAt && endsAt == session.Spec.EndsAt && newLocation == session.Spec.Location) return Info();
        session.Spec = session.Spec with { StartsAt = startsAt, EndsAt = endsAt, Location = newLocation };
        state.State.Revision++;
        await WriteOrReload();
        await Notify(PeopleAt(session), PlanNotices.SessionMoved(PlanId, session.Spec, state.State.Revision, calendar.Zone));
        return Info();
    }

    public async Task<TrainingPlanInfo> SetCapacity(string sessionId, int capacity, string changedBy)
    {
        var session = RequireChangeableSession(sessionId);
        Validate.Range(capacity, 1, MaxCapacity, "input.capacity");
        // Nobody loses a place they hold: a lower capacity must still seat them.
        if (capacity < session.Seats.Count)
            throw DomainException.BadInput("input.capacity", $"{session.Seats.Count} learners hold places; the capacity cannot go below that.");
        session.Spec = session.Spec with { Capacity = capacity };
        var promoted = Promote(session);
        state.State.Revision++;
        await WriteOrReload();
        await NotifyPromoted(session, promoted);
        return Info();
    }

    public async Task<TrainingPlanInfo> CancelSession(string sessionId, string reason, string changedBy)
    {
        var session = RequireChangeableSession(sessionId);
        session.CancelledAt = clock.GetUtcNow();
        session.CancelReason = Reason(reason);
        state.State.Revision++;
        await WriteOrReload();
        await Notify(PeopleAt(session), PlanNotices.SessionCancelled(PlanId, session.Spec, session.CancelReason));
        return Info();
    }

    /// <summary>The roster keeps one cancellation per learner, the latest: registering and cancelling in a loop must not
    /// grow the plan's state (every change rewrites all of it) or the roster.</summary>
    private static void KeepLatestCancellation(SessionState session, CancelledSeatState cancellation)
    {
        session.Cancelled.RemoveAll(c => c.LearnerId == cancellation.LearnerId);
        session.Cancelled.Add(cancellation);
    }

    public async Task<SessionSeat> CancelRegistration(string learnerId, string sessionId)
    {
        var session = RequireSession(sessionId);
        var now = clock.GetUtcNow();
        var waiting = session.Waiting.FindIndex(w => w.LearnerId == learnerId);
        if (waiting >= 0)
        {
            // Leaving a waiting list frees nobody's place, so it is allowed at any time.
            var entry = session.Waiting[waiting];
            var left = new SessionSeat(sessionId, learnerId, entry.Since, null, waiting + 1);
            session.Waiting.RemoveAt(waiting);
            KeepLatestCancellation(session, new CancelledSeatState { LearnerId = learnerId, DepartmentId = entry.DepartmentId, RegisteredAt = entry.Since, CancelledAt = now, WasWaiting = true });
            await WriteOrReload();
            return left;
        }
        if (!session.Seats.TryGetValue(learnerId, out var seat))
            throw new DomainException(ErrorCodes.NotRegistered, $"You have no place at session '{sessionId}'.");
        if (seat.CheckedInAt is not null)
            throw new DomainException(ErrorCodes.AlreadyCheckedIn, $"Your attendance at session '{sessionId}' is recorded; the place is not given up.");
        var cutOff = session.Spec.StartsAt - session.Spec.CutOff;
        if (now >= cutOff && session.CancelledAt is null)
            throw new DomainException(ErrorCodes.CancellationCutOffPassed,
                $"Places at session '{sessionId}' can be given up until {cutOff:O} ({session.Spec.CutOff.TotalHours:0.#} h before the start).");
        var given = Seat(session, learnerId);
        session.Seats.Remove(learnerId);
        KeepLatestCancellation(session, new CancelledSeatState { LearnerId = learnerId, DepartmentId = seat.DepartmentId, RegisteredAt = seat.RegisteredAt, CancelledAt = now });
        var promoted = Promote(session);
        await WriteOrReload();
        await NotifyPromoted(session, promoted);
        return given;
    }

    /// <summary>
    /// Hands free places to the first waiting learners, in order. The grain runs one call at a time, so each freed place
    /// goes to exactly one learner however many cancellations arrive together. Returns who got a place, with the
    /// place's number (for the notification key).
    /// </summary>
    private List<(string LearnerId, int Place)> Promote(SessionState session)
    {
        var promoted = new List<(string, int)>();
        var now = clock.GetUtcNow();
        if (session.CancelledAt is not null || state.State.Status != PlanStatus.Active || now >= session.Spec.EndsAt) return promoted;
        while (session.Seats.Count < session.Spec.Capacity && session.Waiting.Count > 0)
        {
            var next = session.Waiting[0];
            session.Waiting.RemoveAt(0);
            session.Seats[next.LearnerId] = new SeatState { RegisteredAt = now, DepartmentId = next.DepartmentId };
            promoted.Add((next.LearnerId, ++session.PlacesHanded));
        }
        return promoted;
    }

    private async Task NotifyPromoted(SessionState session, List<(string LearnerId, int Place)> promoted)
    {
        foreach (var (learnerId, place) in promoted)
            await Notify([learnerId], PlanNotices.PlaceFreed(PlanId, session.Spec, place, calendar.Zone));
    }

    /// <summary>Registered and waiting learners: the people a session's change concerns.</summary>
    private static List<string> PeopleAt(SessionState session) =>
        session.Seats.Keys.Concat(session.Waiting.Select(w => w.LearnerId)).Distinct(StringComparer.Ordinal).ToList();

    private SessionState RequireChangeableSession(string sessionId)
    {
        var session = RequireSession(sessionId);
        RequireActive();
        RequireNotCancelled(session);
        if (clock.GetUtcNow() >= session.Spec.EndsAt)
            throw new DomainException(ErrorCodes.SessionNotOpen, $"Session '{sessionId}' ended at {session.Spec.EndsAt:O}; it is kept as it was.");
        return session;
    }

    private void RequireExists()
    {
        if (!state.RecordExists) throw DomainException.NotFound("Training plan", PlanId);
    }

    private static string Reason(string? reason) => Validate.Name(reason, "input.reason", MaxReasonLength);

    /// <summary>Stores the state; if that fails, reloads the stored one so nothing half-applied stays in memory.</summary>
    private async Task WriteOrReload()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
