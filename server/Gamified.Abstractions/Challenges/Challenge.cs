using Gamified.Common;
using Gamified.Learners;
using Orleans.Concurrency;

namespace Gamified.Challenges;

public enum ChallengeKind
{
    /// <summary>Each learner completes it on their own.</summary>
    Individual,
    /// <summary>Completed by a member of a cross-department team on the team's behalf.</summary>
    Team,
    /// <summary>A timed race: the first N to complete are its winners.</summary>
    Race,
}

/// <param name="DepartmentIds">The departments whose learners may complete it; none (or null) for the whole organisation.</param>
[GenerateSerializer, Immutable, Alias("gamified.CreateChallenge")]
public sealed record CreateChallenge(
    [property: Id(0)] LocalizedText Titles,
    [property: Id(1)] ChallengeKind Kind,
    [property: Id(2)] int Points,
    [property: Id(3)] DateTimeOffset OpensAt,
    [property: Id(4)] DateTimeOffset? ClosesAt,
    [property: Id(5)] int? FirstN,
    [property: Id(6)] IReadOnlyList<string>? DepartmentIds = null);

[GenerateSerializer, Immutable, Alias("gamified.ChallengeWinner")]
public sealed record ChallengeWinner(
    [property: Id(0)] string LearnerId,
    [property: Id(1)] int Rank,
    [property: Id(2)] DateTimeOffset CompletedAt);

[GenerateSerializer, Immutable, Alias("gamified.ChallengeInfo")]
public sealed record ChallengeInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Titles,
    [property: Id(2)] ChallengeKind Kind,
    [property: Id(3)] int Points,
    [property: Id(4)] DateTimeOffset OpensAt,
    [property: Id(5)] DateTimeOffset? ClosesAt,
    [property: Id(6)] int? FirstN,
    [property: Id(7)] int CompletionCount,
    [property: Id(8)] IReadOnlyList<ChallengeWinner> Winners,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] IReadOnlyList<string> DepartmentIds)
{
    public bool IsOpenAt(DateTimeOffset now) => now >= OpensAt && (ClosesAt is null || now < ClosesAt);

    /// <summary>No departments means the whole organisation.</summary>
    public bool IsOrganisationWide => DepartmentIds.Count == 0;

    public bool Covers(string departmentId) => IsOrganisationWide || DepartmentIds.Contains(departmentId);
}

/// <summary>What the challenge grain asks the learner grain to record for one completion.</summary>
[GenerateSerializer, Immutable, Alias("gamified.ChallengeCompletionAward")]
public sealed record ChallengeCompletionAward(
    [property: Id(0)] string ChallengeId,
    [property: Id(1)] LocalizedText Titles,
    [property: Id(2)] int Points,
    [property: Id(3)] int? WinnerRank,
    [property: Id(4)] DateTimeOffset CompletedAt,
    [property: Id(5)] ChallengeKind Kind = ChallengeKind.Individual);

[Alias("gamified.IChallengeGrain")]
public interface IChallengeGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<ChallengeInfo> Create(CreateChallenge command);

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<ChallengeInfo?> Get();

    /// <summary>Completes the challenge for a learner; completions are serialised here so first-N is exact.</summary>
    [Alias("Complete")]
    Task<CompletedChallenge> Complete(string learnerId);
}
