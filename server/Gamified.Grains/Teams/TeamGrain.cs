using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;
using Gamified.Storage;

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
            // Repair a join whose second step (the learner's side) failed earlier; repeating it is harmless.
            await GrainFactory.Learner(learnerId).AddTeam(TeamId);
            throw DomainException.Conflict($"Learner '{learnerId}' is already in team '{TeamId}'.");
        }
        if (state.State.Members.Count >= state.State.MaxMembers)
            throw DomainException.Conflict($"Team '{TeamId}' is full ({state.State.MaxMembers} members).");
        var learner = await GrainFactory.Learner(learnerId).Get()
            ?? throw DomainException.NotFound("Learner", learnerId);

        state.State.Members.Add(new TeamMember(learnerId, learner.Profile.DepartmentId, clock.GetUtcNow()));
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Members.RemoveAt(state.State.Members.Count - 1);
            throw;
        }
        await GrainFactory.Learner(learnerId).AddTeam(TeamId);
        return Info();
    }

    private TeamInfo Info() => new(TeamId, state.State.Names, state.State.MaxMembers, state.State.Members.ToList(), state.State.CreatedAt);
}
