namespace Gamified.Teams;

/// <summary>A learner's membership of a team since a moment, until another (they left, or the team's challenge ended; null:
/// still counting): the board projection credits the team with XP earned from <see cref="JoinedAt"/> until before <see cref="Until"/>.</summary>
public sealed record TeamJoin(string TeamId, string LearnerId, DateTimeOffset JoinedAt, DateTimeOffset? Until = null)
{
    public bool Counts(DateTimeOffset at) => JoinedAt <= at && (Until is null || at < Until);
}

/// <summary>Team membership as rows (the team grain keeps its own list; these serve the board projection).</summary>
public interface ITeamMembership
{
    /// <summary>Records a join; recording the same join again changes nothing.</summary>
    Task Add(TeamJoin join);

    /// <summary>Takes back a join whose team record could not be written.</summary>
    Task Remove(string teamId, string learnerId);

    /// <summary>Stops the membership counting from <paramref name="at"/>; of two such moments the earlier holds.</summary>
    Task Depart(string teamId, string learnerId, DateTimeOffset at);

    /// <summary>The teams of these learners.</summary>
    Task<IReadOnlyList<TeamJoin>> Of(IReadOnlyCollection<string> learnerIds);
}
