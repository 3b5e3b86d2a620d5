using Gamified.Activity;
using Gamified.Common;
using Gamified.Content;
using Microsoft.Extensions.Logging;

namespace Gamified.Plans;

/// <summary>
/// A training plan: goals, packages, deadline and offline sessions for one or more departments. Registrations
/// and check-ins are serialised here (capacity, single use). An accepted check-in becomes an <c>attended</c>
/// statement in the learner's ledger flow, keyed by plan and session, so it counts once however often it is sent.
/// </summary>
public sealed partial class TrainingPlanGrain(
    [PersistentState("training-plan", StorageNames.Main)] IPersistentState<TrainingPlanState> state,
    PackageCatalog catalog,
    IPlanProgressStore progress,
    Rewards.RewardSettings calendar,
    TimeProvider clock,
    ILogger<TrainingPlanGrain> logger) : Grain, ITrainingPlanGrain
{
    public const int MaxDepartments = 50;
    public const int MaxPackages = 50;
    public const int MaxGoals = 20;
    public const int MaxGoalLength = 500;
    public const int MaxSessions = 20;
    public const int MaxCapacity = 10_000;
    public const int MaxWrongCodes = 5;
    public static readonly TimeSpan WrongCodeWindow = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxSessionLength = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxCancellationCutOff = TimeSpan.FromDays(30);

    private string PlanId => this.EntityId();

    public async Task<TrainingPlanInfo> Create(CreateTrainingPlan command)
    {
        if (state.RecordExists) throw DomainException.Conflict($"Training plan '{PlanId}' already exists.");
        var now = clock.GetUtcNow();
        var departments = Ids(command.DepartmentIds, "input.departmentIds", MaxDepartments);
        foreach (var department in departments)
            if (await GrainFactory.Department(department).Get() is null) throw DomainException.NotFound("Department", department);
        var packages = Ids(command.PackageIds, "input.packageIds", MaxPackages);
        foreach (var package in packages)
            if (catalog.Latest(package) is null) throw DomainException.NotFound("Package", package);
        if (Validate.Moment(command.Deadline, "input.deadline") <= now) throw DomainException.BadInput("input.deadline", "input.deadline must be in the future.");

        state.State = new TrainingPlanState
        {
            Titles = Validate.Names(command.Titles, "input.titles"),
            Goals = Goals(command.Goals),
            DepartmentIds = departments,
            PackageIds = packages,
            Deadline = command.Deadline,
            Required = command.Required,
            Sessions = Sessions(PlanId, command.Sessions ?? []),
            CreatedBy = command.CreatedBy,
            CreatedAt = now,
        };
        await state.WriteStateAsync();
        await GrainFactory.Directory().Add(Directory.DirectoryKind.TrainingPlan, PlanId);
        await NotifyAssigned(state.State.DepartmentIds);
        await ScheduleReminders();
        return Info();
    }

    public Task<TrainingPlanInfo?> Get() => Task.FromResult(state.RecordExists ? Info() : null);

    public Task<IReadOnlyList<SessionSeat>> SeatsOf(string learnerId) => Task.FromResult<IReadOnlyList<SessionSeat>>(
        state.RecordExists
            ? state.State.Sessions.Select(s => SeatOrWaiting(s, learnerId)).OfType<SessionSeat>().ToList()
            : []);

    /// <summary>A place while there is one; at a full session, a place on its waiting list (registering again changes neither).</summary>
    public async Task<SessionSeat> Register(string learnerId, string departmentId, string sessionId)
    {
        var session = RequireSession(sessionId);
        if (!state.State.DepartmentIds.Contains(departmentId))
            throw new DomainException(ErrorCodes.NotAssigned, $"Training plan '{PlanId}' is not assigned to your department.");
        if (SeatOrWaiting(session, learnerId) is { } existing) return existing;
        RequireActive();
        RequireNotCancelled(session);
        var now = clock.GetUtcNow();
        if (now >= session.Spec.EndsAt)
            throw new DomainException(ErrorCodes.SessionNotOpen, $"Session '{sessionId}' ended at {session.Spec.EndsAt:O}.");
        if (session.Seats.Count >= session.Spec.Capacity)
        {
            session.Waiting.Add(new WaitingState { LearnerId = learnerId, DepartmentId = departmentId, Since = now });
            await state.WriteOrUndoAsync(() => session.Waiting.RemoveAll(w => w.LearnerId == learnerId));
        }
        else
        {
            session.Seats[learnerId] = new SeatState { RegisteredAt = now, DepartmentId = departmentId };
            await state.WriteOrUndoAsync(() => session.Seats.Remove(learnerId));
        }
        return SeatOrWaiting(session, learnerId)!;
    }

    public Task<CheckInCode> CurrentCode(string sessionId)
    {
        var session = RequireSession(sessionId);
        var now = clock.GetUtcNow();
        RequireCheckInAllowed(session, now, session.Spec.EndsAt);
        var step = CheckInCodes.StepAt(now);
        return Task.FromResult(new CheckInCode(sessionId, CheckInCodes.Code(session.Secret, CheckInSubject(sessionId), step),
            CheckInCodes.StartOf(step), CheckInCodes.StartOf(step + 1), CheckInCodes.StartOf(step + 1 + CheckInCodes.GraceSteps), PlanId));
    }

    public async Task<CheckInReceipt> CheckIn(string learnerId, string sessionId, string code)
    {
        var session = RequireSession(sessionId);
        if (!session.Seats.TryGetValue(learnerId, out var seat))
            throw new DomainException(ErrorCodes.NotRegistered, $"Register for session '{sessionId}' before checking in.");
        var now = clock.GetUtcNow();
        RequireCheckInAllowed(session, now, session.Spec.EndsAt);
        var given = CheckInCodes.Normalise(code) ?? throw DomainException.BadInput("input.code", "input.code is the six digits the host shows.");
        var wrong = session.WrongCodes.GetValueOrDefault(learnerId) ?? [];
        wrong.RemoveAll(t => t <= now - WrongCodeWindow);
        if (wrong.Count >= MaxWrongCodes)
            throw new DomainException(ErrorCodes.RateLimited,
                $"Too many wrong codes; try again after {(wrong[0] + WrongCodeWindow):O}.");

        var (match, step) = CheckInCodes.Check(session.Secret, CheckInSubject(sessionId), given, now);
        if (seat.CheckedInAt is not null)
            throw match != CheckInCodes.Match.Wrong && step == seat.CodeStep
                ? new DomainException(ErrorCodes.CheckInCodeUsed, "This code was used already; attendance counts once.")
                : new DomainException(ErrorCodes.AlreadyCheckedIn, $"Your attendance at session '{sessionId}' is recorded already.");
        if (match == CheckInCodes.Match.Expired)
            throw new DomainException(ErrorCodes.CheckInCodeExpired, "This code has expired; enter the code the host shows now.");
        if (match == CheckInCodes.Match.Wrong)
        {
            wrong.Add(now);
            session.WrongCodes[learnerId] = wrong;
            await state.WriteStateAsync();
            throw new DomainException(ErrorCodes.CheckInCodeInvalid, "This is not the code of this session.");
        }

        session.WrongCodes.Remove(learnerId);
        return await RecordAttendance(session, learnerId, seat, now, step, null, null, Attestation.Server);
    }

    /// <summary>
    /// The statement first: if the state write then fails, a retry replays it under the same key. A code witnessed by the
    /// server is a <see cref="Attestation.Server"/> statement; a check-in by hand is someone's word: a manager of the learner's
    /// department gives a <see cref="Attestation.Manager"/> statement (scored only under a rule that names it, with its cap),
    /// a host who manages no one there an unwitnessed one that scores nothing by default (a host is not always a manager,
    /// and must not be able to score friends who stayed away).
    /// </summary>
    private async Task<CheckInReceipt> RecordAttendance(SessionState session, string learnerId, SeatState seat, DateTimeOffset now,
        long? step, string? by, string? reason, Attestation attestation)
    {
        var sessionId = session.Spec.Id;
        var seconds = (int)Math.Clamp((session.Spec.EndsAt - session.Spec.StartsAt).TotalSeconds, 0, 86_400);
        var outcome = await GrainFactory.Learner(learnerId).RecordActivity(new ActivityStatement(
            AttendedKey(PlanId, sessionId), "attended", new ActivityObject($"{PlanId}/{sessionId}", "session"),
            new ActivityResult(null, true, true, seconds), null, null, attestation));
        (seat.CheckedInAt, seat.CodeStep, seat.CheckedInBy, seat.CheckInReason) = (now, step, by, reason);
        // Not stored: forget it in memory too, so a retry replays the statement instead of "already checked in".
        await state.WriteOrUndoAsync(() => (seat.CheckedInAt, seat.CodeStep, seat.CheckedInBy, seat.CheckInReason) = (null, null, null, null));
        return new CheckInReceipt(Seat(session, learnerId), outcome.XpAwarded);
    }

    private static string AttendedKey(string planId, string sessionId) => $"plan:{planId}:session:{sessionId}:attended";

    /// <summary>Codes are bound to plan and session, so a code of another session (or plan) never matches.</summary>
    private string CheckInSubject(string sessionId) => $"{PlanId}/{sessionId}";

    /// <summary>
    /// Check-in needs a session that is not cancelled, within its window (until <paramref name="closesAt"/>), of an active plan,
    /// or of a plan archived or cancelled after the session started (attendance of a session under way still counts).
    /// </summary>
    private void RequireCheckInAllowed(SessionState session, DateTimeOffset now, DateTimeOffset closesAt)
    {
        RequireNotCancelled(session);
        if (state.State.Status != PlanStatus.Active && state.State.StatusChangedAt < session.Spec.StartsAt)
            throw new DomainException(ErrorCodes.PlanNotActive, $"Training plan '{PlanId}' is {state.State.Status.ToString().ToLowerInvariant()}.");
        if (now < session.Spec.StartsAt - SessionSpec.CheckInLead || now >= closesAt)
            throw new DomainException(ErrorCodes.SessionNotOpen,
                $"Check-in for session '{session.Spec.Id}' is open from {session.Spec.StartsAt - SessionSpec.CheckInLead:O} until {closesAt:O}.");
    }

    private static void RequireNotCancelled(SessionState session)
    {
        if (session.CancelledAt is not null)
            throw new DomainException(ErrorCodes.SessionCancelled, $"Session '{session.Spec.Id}' was cancelled: {session.CancelReason}");
    }

    private void RequireActive()
    {
        if (state.State.Status != PlanStatus.Active)
            throw new DomainException(ErrorCodes.PlanNotActive, $"Training plan '{PlanId}' is {state.State.Status.ToString().ToLowerInvariant()}.");
    }

    private SessionState RequireSession(string sessionId)
    {
        if (!state.RecordExists) throw DomainException.NotFound("Training plan", PlanId);
        return state.State.Sessions.FirstOrDefault(s => s.Spec.Id == sessionId) ?? throw DomainException.NotFound("Session", sessionId);
    }


    private static List<string> Ids(IReadOnlyList<string>? ids, string field, int max)
    {
        if (ids is null || ids.Count == 0) throw DomainException.BadInput(field, $"{field} must name at least one.");
        if (ids.Count > max) throw DomainException.BadInput(field, $"{field} may name at most {max}.");
        var checkedIds = ids.Select(id => Validate.Id(id, field)).ToList();
        if (checkedIds.Distinct(StringComparer.Ordinal).Count() != checkedIds.Count)
            throw DomainException.BadInput(field, $"{field} names one more than once.");
        return checkedIds;
    }

    private static List<LocalizedText> Goals(IReadOnlyList<LocalizedText>? goals)
    {
        if (goals is null || goals.Count == 0) throw DomainException.BadInput("input.goals", "A plan needs at least one goal.");
        if (goals.Count > MaxGoals) throw DomainException.BadInput("input.goals", $"A plan has at most {MaxGoals} goals.");
        return goals.Select(g => new LocalizedText(
            Validate.Name(g?.ZhCn, "input.goals.zhCN", MaxGoalLength), Validate.Name(g?.En, "input.goals.en", MaxGoalLength))).ToList();
    }

    private static List<SessionState> Sessions(string planId, IReadOnlyList<SessionSpec> specs)
    {
        if (specs.Count > MaxSessions) throw DomainException.BadInput("input.sessions", $"A plan has at most {MaxSessions} sessions.");
        var sessions = new List<SessionState>();
        foreach (var spec in specs) sessions.Add(NewSession(planId, spec, sessions));
        return sessions;
    }

    private static SessionState NewSession(string planId, SessionSpec spec, IReadOnlyList<SessionState> others)
    {
        var id = Validate.Id(spec.Id, "input.sessions.id");
        if (others.Any(s => s.Spec.Id == id)) throw DomainException.BadInput("input.sessions.id", $"Session id '{id}' is used twice.");
        // The check-in statement's key names plan and session; it must fit the statement's key limit.
        if (AttendedKey(planId, id).Length > Activity.StatementRules.MaxIdempotencyKeyLength)
            throw DomainException.BadInput("input.sessions.id", "The plan id and session id together are too long for a check-in to be recorded.");
        SessionTimes(spec.StartsAt, spec.EndsAt);
        if (!Enum.IsDefined(spec.Kind)) throw DomainException.BadInput("input.sessions.kind", "input.sessions.kind is not a known kind.");
        if (spec.CancellationCutOff is { } cutOff && (cutOff < TimeSpan.Zero || cutOff > MaxCancellationCutOff))
            throw DomainException.BadInput("input.sessions.cancellationCutOffHours", "The cut-off is between 0 and 720 hours before the start.");
        var expert = spec.ExpertName is null ? null : Validate.Name(spec.ExpertName, "input.sessions.expertName");
        if (spec.Kind == SessionKind.ExpertLecture && expert is null)
            throw DomainException.BadInput("input.sessions.expertName", "An expert lecture names its expert.");
        return new SessionState
        {
            Spec = new SessionSpec(id, spec.Kind, Validate.Names(spec.Titles, "input.sessions.titles"), spec.StartsAt, spec.EndsAt,
                Location(spec.Location), Validate.Range(spec.Capacity, 1, MaxCapacity, "input.sessions.capacity"),
                spec.HostId is null ? null : Validate.Id(spec.HostId, "input.sessions.hostId"), expert, spec.Required, spec.CancellationCutOff),
            Secret = CheckInCodes.NewSecret(),
        };
    }

    private static string Location(string? location) => Validate.Name(location, "input.sessions.location", 200);

    private static void SessionTimes(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        Validate.Moment(startsAt, "input.sessions.startsAt");
        Validate.Moment(endsAt, "input.sessions.endsAt");
        if (endsAt <= startsAt || endsAt - startsAt > MaxSessionLength)
            throw DomainException.BadInput("input.sessions.endsAt", "A session ends after it starts, within seven days.");
    }

    private static SessionSeat Seat(SessionState session, string learnerId)
    {
        var seat = session.Seats[learnerId];
        return new SessionSeat(session.Spec.Id, learnerId, seat.RegisteredAt, seat.CheckedInAt, null, seat.CheckedInBy);
    }

    /// <summary>The learner's place, or their place on the waiting list (position from 1), or null.</summary>
    private static SessionSeat? SeatOrWaiting(SessionState session, string learnerId)
    {
        if (session.Seats.ContainsKey(learnerId)) return Seat(session, learnerId);
        var position = session.Waiting.FindIndex(w => w.LearnerId == learnerId);
        return position < 0 ? null : new SessionSeat(session.Spec.Id, learnerId, session.Waiting[position].Since, null, position + 1);
    }

    private TrainingPlanInfo Info() => new(PlanId, state.State.Titles, state.State.Goals.ToList(), state.State.DepartmentIds.ToList(),
        state.State.PackageIds.ToList(), state.State.Deadline, state.State.Required,
        state.State.Sessions.Select(s => new SessionInfo(s.Spec, s.Seats.Count, s.Seats.Values.Count(x => x.CheckedInAt is not null),
            s.Waiting.Count, s.CancelledAt, s.CancelReason)).ToList(),
        state.State.CreatedBy, state.State.CreatedAt, state.State.Status, state.State.StatusReason, state.State.StatusChangedAt, state.State.Revision);
}
