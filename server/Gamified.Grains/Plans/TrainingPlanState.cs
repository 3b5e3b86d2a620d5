using Gamified.Common;

namespace Gamified.Plans;

[GenerateSerializer, Alias("gamified.TrainingPlanState")]
public sealed class TrainingPlanState
{
    [Id(0)] public LocalizedText Titles { get; set; } = new("", "");
    [Id(1)] public List<LocalizedText> Goals { get; set; } = [];
    [Id(2)] public List<string> DepartmentIds { get; set; } = [];
    [Id(3)] public List<string> PackageIds { get; set; } = [];
    [Id(4)] public DateTimeOffset Deadline { get; set; }
    [Id(5)] public bool Required { get; set; }
    [Id(6)] public List<SessionState> Sessions { get; set; } = [];
    [Id(7)] public string CreatedBy { get; set; } = "";
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public PlanStatus Status { get; set; } = PlanStatus.Active;
    [Id(10)] public string? StatusReason { get; set; }
    [Id(11)] public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>Counts stored changes; notification keys carry it, so each change notifies once and a later one again.</summary>
    [Id(12)] public int Revision { get; set; }
}

[GenerateSerializer, Alias("gamified.SessionState")]
public sealed class SessionState
{
    [Id(0)] public SessionSpec Spec { get; set; } = null!;

    /// <summary>The key of the rotating check-in codes; never leaves the server.</summary>
    [Id(1)] public byte[] Secret { get; set; } = [];

    /// <summary>Seats by learner id.</summary>
    [Id(2)] public Dictionary<string, SeatState> Seats { get; set; } = [];

    /// <summary>When each learner last gave a wrong code, for the guessing limit.</summary>
    [Id(3)] public Dictionary<string, List<DateTimeOffset>> WrongCodes { get; set; } = [];

    /// <summary>Learners waiting for a place, first come first served.</summary>
    [Id(4)] public List<WaitingState> Waiting { get; set; } = [];

    /// <summary>Places given up and waiting lists left, kept for the roster.</summary>
    [Id(5)] public List<CancelledSeatState> Cancelled { get; set; } = [];

    [Id(6)] public DateTimeOffset? CancelledAt { get; set; }
    [Id(7)] public string? CancelReason { get; set; }

    /// <summary>Places handed from the waiting list so far; the notification key of each carries it.</summary>
    [Id(8)] public int PlacesHanded { get; set; }
}

[GenerateSerializer, Alias("gamified.WaitingState")]
public sealed class WaitingState
{
    [Id(0)] public string LearnerId { get; set; } = "";
    [Id(1)] public string DepartmentId { get; set; } = "";
    [Id(2)] public DateTimeOffset Since { get; set; }
}

[GenerateSerializer, Alias("gamified.CancelledSeatState")]
public sealed class CancelledSeatState
{
    [Id(0)] public string LearnerId { get; set; } = "";
    [Id(1)] public string DepartmentId { get; set; } = "";
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(3)] public DateTimeOffset CancelledAt { get; set; }
    [Id(4)] public bool WasWaiting { get; set; }
}

[GenerateSerializer, Alias("gamified.SeatState")]
public sealed class SeatState
{
    [Id(0)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(1)] public DateTimeOffset? CheckedInAt { get; set; }

    /// <summary>The time step of the code that was used, so the same code shown again is recognised as reused.</summary>
    [Id(2)] public long? CodeStep { get; set; }

    [Id(3)] public string DepartmentId { get; set; } = "";

    /// <summary>Who checked the learner in by hand, and why (null when the learner gave the code).</summary>
    [Id(4)] public string? CheckedInBy { get; set; }
    [Id(5)] public string? CheckInReason { get; set; }
}
