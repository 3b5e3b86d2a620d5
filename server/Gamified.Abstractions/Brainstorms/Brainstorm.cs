using Gamified.Common;

namespace Gamified.Brainstorms;

[GenerateSerializer, Immutable, Alias("gamified.CreateBrainstorm")]
public sealed record CreateBrainstorm(
    [property: Id(0)] LocalizedText Titles,
    [property: Id(1)] LocalizedText Question,
    [property: Id(2)] IReadOnlyList<string> DepartmentIds,
    [property: Id(3)] DateTimeOffset OpensAt,
    [property: Id(4)] DateTimeOffset ClosesAt,
    [property: Id(5)] int VotesPerLearner,
    [property: Id(6)] int WinnerCount,
    [property: Id(7)] string CreatedBy);

[GenerateSerializer, Immutable, Alias("gamified.IdeaInfo")]
public sealed record IdeaInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string AuthorId,
    [property: Id(2)] string DepartmentId,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset SubmittedAt,
    [property: Id(5)] int Votes,
    [property: Id(6)] bool Hidden,
    [property: Id(7)] string? HiddenReason,
    [property: Id(8)] string? HiddenBy,
    [property: Id(9)] int? Rank);

[GenerateSerializer, Immutable, Alias("gamified.BrainstormInfo")]
public sealed record BrainstormInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Titles,
    [property: Id(2)] LocalizedText Question,
    [property: Id(3)] IReadOnlyList<string> DepartmentIds,
    [property: Id(4)] DateTimeOffset OpensAt,
    [property: Id(5)] DateTimeOffset ClosesAt,
    [property: Id(6)] int VotesPerLearner,
    [property: Id(7)] int WinnerCount,
    [property: Id(8)] int IdeaCount,
    [property: Id(9)] DateTimeOffset? FinalisedAt,
    [property: Id(10)] string CreatedBy,
    [property: Id(11)] DateTimeOffset CreatedAt)
{
    public bool IsOpenAt(DateTimeOffset now) => FinalisedAt is null && now >= OpensAt && now < ClosesAt;
}

[GenerateSerializer, Immutable, Alias("gamified.VoteReceipt")]
public sealed record VoteReceipt(
    [property: Id(0)] string IdeaId,
    [property: Id(1)] int VotesLeft);
