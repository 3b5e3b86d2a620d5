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
}
