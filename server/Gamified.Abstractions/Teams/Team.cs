using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Teams;

[GenerateSerializer, Immutable, Alias("gamified.CreateTeam")]
public sealed record CreateTeam(
    [property: Id(0)] LocalizedText Names,
    [property: Id(1)] int MaxMembers);

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
    [property: Id(4)] DateTimeOffset CreatedAt)
{
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
}
