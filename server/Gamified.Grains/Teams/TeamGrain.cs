using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;

namespace Gamified.Teams;

[GenerateSerializer, Alias("gamified.TeamState")]
public sealed class TeamState
{
    [Id(0)] public LocalizedText Names { get; set; } = new("", "");
    [Id(1)] public int MaxMembers { get; set; }
    [Id(2)] public List<TeamMember> Members { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A cross-department team. Its member list is bounded by <see cref="TeamState.MaxMembers"/>.</summary>
public sealed class TeamGrain(
    [PersistentState("team", StorageNames.Main)] IPersistentState<TeamState> state,
    ITeamMembership membership,
    TimeProvider clock) : Grain, ITeamGrain
{
    public const int MaxTeamSize = 100;

    private string TeamId => this.EntityId();

    public async Task<TeamInfo> Create(CreateTeam command)
    {
        if (state.RecordExists) throw DomainException.Conflict($"Team '{TeamId}' already exists.");
        var names = Validate.Names(command.Names, "input.names");
        var maxMembers = Validate.Range(command.MaxMembers, 2, MaxTeamSize, "input.maxMembers");
        state.State = new TeamState { Names = names, MaxMembers = maxMembers, CreatedAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        await GrainFactory.Directory().Add(DirectoryKind.Team, TeamId);
        return Info();
    }

    public Task<TeamInfo?> Get() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task<TeamInfo> Join(string learnerId)
    {
        if (!state.RecordExists) throw DomainException.NotFound("Team", TeamId);
        if (state.State.Members.Any(m => m.LearnerId == learnerId))
        {
            // Repair a join whose later steps (the row, the learner's side) failed earlier; repeating them is harmless.
            await Complete(state.State.Members.First(m => m.LearnerId == learnerId));
            throw DomainException.Conflict($"Learner '{learnerId}' is already in team '{TeamId}'.");
        }
        if (state.State.Members.Count >= state.State.MaxMembers)
            throw DomainException.Conflict($"Team '{TeamId}' is full ({state.State.MaxMembers} members).");
        var learner = await GrainFactory.Learner(learnerId).Get()
            ?? throw DomainException.NotFound("Learner", learnerId);

        var member = new TeamMember(learnerId, learner.Profile.DepartmentId, clock.GetUtcNow());
        // The row the team boards read goes first, so the projector never passes the member's first XP before it exists.
        await membership.Add(new TeamJoin(TeamId, member.LearnerId, member.JoinedAt));
        state.State.Members.Add(member);
        await state.WriteOrUndoAsync(async () =>
        {
            state.State.Members.RemoveAt(state.State.Members.Count - 1);
            await membership.Remove(TeamId, learnerId);
        });
        await Complete(member);
        return Info();
    }

    /// <summary>The steps after the team's own record (repeated when a join is repaired): the board row, and the learner's side.</summary>
    private async Task Complete(TeamMember member)
    {
        await membership.Add(new TeamJoin(TeamId, member.LearnerId, member.JoinedAt));
        await GrainFactory.Learner(member.LearnerId).AddTeam(TeamId);
    }

    private TeamInfo Info() => new(TeamId, state.State.Names, state.State.MaxMembers, state.State.Members.ToList(), state.State.CreatedAt);
}
