using Orleans.Concurrency;

namespace Gamified.Plans;

/// <summary>
/// One training plan with its offline sessions, keyed by plan id. Registrations and check-ins pass through
/// it one at a time, so capacity and single-use codes hold under concurrency. Package progress is not kept
/// here: it is read from the learners' <c>learning_results</c>.
/// </summary>
[Alias("gamified.ITrainingPlanGrain")]
public interface ITrainingPlanGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<TrainingPlanInfo> Create(CreateTrainingPlan command);

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<TrainingPlanInfo?> Get();

    /// <summary>The learner's seats at this plan's sessions.</summary>
    [AlwaysInterleave, Alias("SeatsOf")]
    [return: Immutable]
    Task<IReadOnlyList<SessionSeat>> SeatsOf(string learnerId);

    /// <summary>Registers a learner of one of the plan's departments for a session, within its capacity.</summary>
    [Alias("Register")]
    Task<SessionSeat> Register(string learnerId, string departmentId, string sessionId);

    /// <summary>The code the host shows now (only while check-in is open).</summary>
    [Alias("CurrentCode")]
    Task<CheckInCode> CurrentCode(string sessionId);

    /// <summary>Records attendance for a registered learner who presents the current code; counts once.</summary>
    [Alias("CheckIn")]
    Task<CheckInReceipt> CheckIn(string learnerId, string sessionId, string code);

    /// <summary>Edits the plan (or, with <paramref name="dryRun"/>, only checks the edit and answers what it would be).</summary>
    [Alias("Update")]
    Task<PlanChange> Update(UpdateTrainingPlan command, string changedBy, bool dryRun);

    /// <summary>Archives or cancels the plan (with a reason); nothing is deleted.</summary>
    [Alias("SetStatus")]
    Task<TrainingPlanInfo> SetStatus(PlanStatus status, string reason, string changedBy);

    [Alias("AddSession")]
    Task<TrainingPlanInfo> AddSession(SessionSpec session, string changedBy);

    /// <summary>New times (and optionally place) for a session; its registrations and waiting list stay.</summary>
    [Alias("MoveSession")]
    Task<TrainingPlanInfo> MoveSession(string sessionId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? location, string changedBy);

    /// <summary>A new capacity; places it frees go to the waiting list in order.</summary>
    [Alias("SetCapacity")]
    Task<TrainingPlanInfo> SetCapacity(string sessionId, int capacity, string changedBy);

    /// <summary>Cancels a session: it takes no registrations or check-ins; attendance recorded stays.</summary>
    [Alias("CancelSession")]
    Task<TrainingPlanInfo> CancelSession(string sessionId, string reason, string changedBy);

    /// <summary>Gives up a place (until the session's cut-off) or leaves the waiting list; a freed place goes to the first waiting.</summary>
    [Alias("CancelRegistration")]
    Task<SessionSeat> CancelRegistration(string learnerId, string sessionId);

    /// <summary>Records attendance stated by a host or manager (already checked to be allowed to), with a reason.</summary>
    [Alias("CheckInByHost")]
    Task<CheckInReceipt> CheckInByHost(string learnerId, string sessionId, string checkedInBy, string reason, bool byManager);

    [AlwaysInterleave, Alias("Roster")]
    [return: Immutable]
    Task<SessionRoster> Roster(string sessionId);

    /// <summary>Every recorded attendance at the plan's sessions (for progress).</summary>
    [AlwaysInterleave, Alias("Attendance")]
    [return: Immutable]
    Task<IReadOnlyList<SessionSeat>> Attendance();
}
