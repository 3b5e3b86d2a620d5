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
}

[GenerateSerializer, Alias("gamified.SeatState")]
public sealed class SeatState
{
    [Id(0)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(1)] public DateTimeOffset? CheckedInAt { get; set; }

    /// <summary>The time step of the code that was used, so the same code shown again is recognised as reused.</summary>
    [Id(2)] public long? CodeStep { get; set; }
}
