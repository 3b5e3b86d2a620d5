using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Teams;

[GenerateSerializer, Immutable, Alias("gamified.CreateTeam")]
/// <param name="ChallengeId">The challenge the team is formed for: it closes when the challenge ends.</param>
public sealed record CreateTeam(
    [property: Id(0)] LocalizedText Names,
    [property: Id(1)] int MaxMembers,
    [property: Id(2)] string? ChallengeId = null);

[GenerateSerializer, Immutable, Alias("gamified.TeamMember")]
public sealed record TeamMember(
    [property: Id(0)] string LearnerId,
    [property: Id(1)] string DepartmentId,
    [property: Id(2)] DateTimeOffset JoinedAt);

[GenerateSerializer, Immutable, Alias("gamified.TeamInfo")]
public sealed record TeamInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Names,
    [property: Id(2)] int MaxMembers,
    [property: Id(3)] IReadOnlyList<TeamMember> Members,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? ChallengeId = null,
    [property: Id(6)] DateTimeOffset? EndsAt = null)
{
    /// <summary>A team of a challenge closes when the challenge ends: no joins or leaves, and its boards count nothing after.</summary>
    public bool IsClosedAt(DateTimeOffset now) => EndsAt is { } end && now >= end;

    public IReadOnlyList<string> DepartmentIds => Members.Select(m => m.DepartmentId).Distinct().Order().ToList();
    public bool IsCrossDepartment => DepartmentIds.Count > 1;
}

[Alias("gamified.ITeamGrain")]
public interface ITeamGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<TeamInfo> Create(CreateTeam command);

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<TeamInfo?> Get();

    [Alias("Join")]
    Task<TeamInfo> Join(string learnerId);

    /// <summary>
    /// A member leaves. The XP they earned while a member stays with the team (its boards are not rewritten); what they
    /// earn afterwards counts for them alone. A learner who left does not join the same team again.
    /// </summary>
    [Alias("Leave")]
    Task<TeamInfo> Leave(string learnerId);
}
