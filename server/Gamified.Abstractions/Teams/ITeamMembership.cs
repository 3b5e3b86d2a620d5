namespace Gamified.Teams;

/// <summary>A learner's membership of a team since a moment: the board projection credits teams from then on.</summary>
public sealed record TeamJoin(string TeamId, string LearnerId, DateTimeOffset JoinedAt);

/// <summary>Team membership as rows (the team grain keeps its own list; these serve the board projection).</summary>
public interface ITeamMembership
{
    /// <summary>Records a join; recording the same join again changes nothing.</summary>
    Task Add(TeamJoin join);

    /// <summary>Takes back a join whose team record could not be written.</summary>
    Task Remove(string teamId, string learnerId);

    /// <summary>The teams of these learners.</summary>
    Task<IReadOnlyList<TeamJoin>> Of(IReadOnlyCollection<string> learnerIds);
}
