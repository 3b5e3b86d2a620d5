using Gamified.Common;

namespace Gamified.Brainstorms;

[GenerateSerializer, Alias("gamified.BrainstormState")]
public sealed class BrainstormState
{
    [Id(0)] public LocalizedText Titles { get; set; } = new("", "");
    [Id(1)] public LocalizedText Question { get; set; } = new("", "");
    [Id(2)] public List<string> DepartmentIds { get; set; } = [];
    [Id(3)] public DateTimeOffset OpensAt { get; set; }
    [Id(4)] public DateTimeOffset ClosesAt { get; set; }
    [Id(5)] public int VotesPerLearner { get; set; }
    [Id(6)] public int WinnerCount { get; set; }
    [Id(7)] public string CreatedBy { get; set; } = "";
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public List<IdeaState> Ideas { get; set; } = [];

    /// <summary>Set when the results were fixed; ranks do not change after it.</summary>
    [Id(10)] public DateTimeOffset? FinalisedAt { get; set; }

    /// <summary>Set once every statement of the results is in the learners' ledgers.</summary>
    [Id(11)] public bool StatementsRecorded { get; set; }
}

[GenerateSerializer, Alias("gamified.IdeaState")]
public sealed class IdeaState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string AuthorId { get; set; } = "";
    [Id(2)] public string DepartmentId { get; set; } = "";
    [Id(3)] public string Text { get; set; } = "";
    [Id(4)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(5)] public List<string> Voters { get; set; } = [];
    [Id(6)] public bool Hidden { get; set; }
    [Id(7)] public string? HiddenReason { get; set; }
    [Id(8)] public string? HiddenBy { get; set; }
    [Id(9)] public int? Rank { get; set; }
}
