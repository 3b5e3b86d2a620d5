using Gamified.Common;

namespace Gamified.Plans;

/// <summary>
/// Where a plan is in its life. Archived (finished) and cancelled plans are kept whole for the records and still listed;
/// they take no new registrations and no check-ins at sessions that start after the change.
/// </summary>
public enum PlanStatus
{
    Active,
    Archived,
    Cancelled,
}

/// <summary>An edit of a plan: null leaves a part as it is.</summary>
[GenerateSerializer, Immutable, Alias("gamified.UpdateTrainingPlan")]
public sealed record UpdateTrainingPlan(
    [property: Id(0)] LocalizedText? Titles,
    [property: Id(1)] IReadOnlyList<LocalizedText>? Goals,
    [property: Id(2)] IReadOnlyList<string>? DepartmentIds,
    [property: Id(3)] IReadOnlyList<string>? PackageIds,
    [property: Id(4)] DateTimeOffset? Deadline,
    [property: Id(5)] bool? Required);

/// <summary>A plan before and after an edit (the same when the edit was only previewed).</summary>
[GenerateSerializer, Immutable, Alias("gamified.PlanChange")]
public sealed record PlanChange(
    [property: Id(0)] TrainingPlanInfo Before,
    [property: Id(1)] TrainingPlanInfo After,
    [property: Id(2)] bool Stored);

/// <summary>How attendance was recorded: the server witnessed the code, or a host or manager stated it by hand.</summary>
public enum CheckInMethod
{
    Code,
    Host,
}

public enum RosterStatus
{
    /// <summary>Has a place; the session has not ended and they have not checked in.</summary>
    Registered,
    Waiting,
    /// <summary>Checked in by the start plus <see cref="SessionSpec.LateAfter"/>.</summary>
    Attended,
    /// <summary>Checked in later than the start plus <see cref="SessionSpec.LateAfter"/>.</summary>
    Late,
    /// <summary>Had a place, and the session ended without a check-in.</summary>
    Absent,
    /// <summary>Gave up their place (or left the waiting list).</summary>
    Cancelled,
}

/// <summary>One learner's line on a session's roster.</summary>
[GenerateSerializer, Immutable, Alias("gamified.RosterEntry")]
public sealed record RosterEntry(
    [property: Id(0)] string LearnerId,
    [property: Id(1)] string DepartmentId,
    [property: Id(2)] RosterStatus Status,
    [property: Id(3)] DateTimeOffset RegisteredAt,
    [property: Id(4)] int? WaitingPosition,
    [property: Id(5)] DateTimeOffset? CheckedInAt,
    [property: Id(6)] CheckInMethod? Method,
    [property: Id(7)] string? CheckedInBy,
    [property: Id(8)] string? Reason,
    [property: Id(9)] DateTimeOffset? CancelledAt);

[GenerateSerializer, Immutable, Alias("gamified.SessionRoster")]
public sealed record SessionRoster(
    [property: Id(0)] string PlanId,
    [property: Id(1)] SessionInfo Session,
    [property: Id(2)] IReadOnlyList<RosterEntry> Entries);
