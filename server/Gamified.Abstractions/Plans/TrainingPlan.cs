using Gamified.Common;

namespace Gamified.Plans;

public enum SessionKind
{
    /// <summary>A hands-on workshop run by the department.</summary>
    Workshop,
    /// <summary>A lecture by an outside expert or partner institution.</summary>
    ExpertLecture,
}

/// <summary>An offline session of a plan, as the manager describes it.</summary>
[GenerateSerializer, Immutable, Alias("gamified.SessionSpec")]
public sealed record SessionSpec(
    [property: Id(0)] string Id,
    [property: Id(1)] SessionKind Kind,
    [property: Id(2)] LocalizedText Titles,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt,
    [property: Id(5)] string Location,
    [property: Id(6)] int Capacity,
    [property: Id(7)] string? HostId,
    [property: Id(8)] string? ExpertName,
    [property: Id(9)] bool Required = false,
    [property: Id(10)] TimeSpan? CancellationCutOff = null)
{
    /// <summary>Check-in is possible from half an hour before the start until the end.</summary>
    public static readonly TimeSpan CheckInLead = TimeSpan.FromMinutes(30);

    /// <summary>Learners may cancel their place until this long before the start, unless the session sets its own.</summary>
    public static readonly TimeSpan DefaultCancellationCutOff = TimeSpan.FromHours(24);

    /// <summary>A check-in more than this after the start is marked late on the roster.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(10);

    public TimeSpan CutOff => CancellationCutOff ?? DefaultCancellationCutOff;

    public bool IsCheckInOpenAt(DateTimeOffset now) => now >= StartsAt - CheckInLead && now < EndsAt;
}

[GenerateSerializer, Immutable, Alias("gamified.CreateTrainingPlan")]
public sealed record CreateTrainingPlan(
    [property: Id(0)] LocalizedText Titles,
    [property: Id(1)] IReadOnlyList<LocalizedText> Goals,
    [property: Id(2)] IReadOnlyList<string> DepartmentIds,
    [property: Id(3)] IReadOnlyList<string> PackageIds,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] bool Required,
    [property: Id(6)] IReadOnlyList<SessionSpec> Sessions,
    [property: Id(7)] string CreatedBy);

[GenerateSerializer, Immutable, Alias("gamified.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] SessionSpec Spec,
    [property: Id(1)] int RegisteredCount,
    [property: Id(2)] int AttendedCount,
    [property: Id(3)] int WaitingCount = 0,
    [property: Id(4)] DateTimeOffset? CancelledAt = null,
    [property: Id(5)] string? CancelReason = null);

[GenerateSerializer, Immutable, Alias("gamified.TrainingPlanInfo")]
public sealed record TrainingPlanInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Titles,
    [property: Id(2)] IReadOnlyList<LocalizedText> Goals,
    [property: Id(3)] IReadOnlyList<string> DepartmentIds,
    [property: Id(4)] IReadOnlyList<string> PackageIds,
    [property: Id(5)] DateTimeOffset Deadline,
    [property: Id(6)] bool Required,
    [property: Id(7)] IReadOnlyList<SessionInfo> Sessions,
    [property: Id(8)] string CreatedBy,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] PlanStatus Status = PlanStatus.Active,
    [property: Id(11)] string? StatusReason = null,
    [property: Id(12)] DateTimeOffset? StatusChangedAt = null,
    [property: Id(13)] int Revision = 0)
{
    public SessionInfo? Session(string sessionId) => Sessions.FirstOrDefault(s => s.Spec.Id == sessionId);

    /// <summary>The sessions every learner of the plan must attend: those marked required and not cancelled.</summary>
    public IReadOnlyList<string> RequiredSessionIds => Sessions.Where(s => s.Spec.Required && s.CancelledAt is null).Select(s => s.Spec.Id).ToList();

    /// <summary>The plan's one completion rule (progress, overdue, reminders): every package completed and every
    /// required session attended.</summary>
    public bool IsCompletedBy(IEnumerable<string> completedPackageIds, IEnumerable<string> attendedSessionIds)
    {
        var attended = attendedSessionIds.ToHashSet(StringComparer.Ordinal);
        return PackageIds.All(completedPackageIds.Contains) && RequiredSessionIds.All(attended.Contains);
    }
}

/// <summary>
/// A learner's place at a session: registered (and checked in once attendance is recorded), or waiting for a place
/// (<see cref="WaitingPosition"/> counts from 1).
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.SessionSeat")]
public sealed record SessionSeat(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string LearnerId,
    [property: Id(2)] DateTimeOffset RegisteredAt,
    [property: Id(3)] DateTimeOffset? CheckedInAt,
    [property: Id(4)] int? WaitingPosition = null,
    [property: Id(5)] string? CheckedInBy = null);

/// <summary>The code a session's host shows; it rotates every step and is accepted until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("gamified.CheckInCode")]
public sealed record CheckInCode(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Code,
    [property: Id(2)] DateTimeOffset ShownFrom,
    [property: Id(3)] DateTimeOffset RotatesAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] string PlanId = "");

[GenerateSerializer, Immutable, Alias("gamified.CheckInReceipt")]
public sealed record CheckInReceipt(
    [property: Id(0)] SessionSeat Seat,
    [property: Id(1)] int XpAwarded);
