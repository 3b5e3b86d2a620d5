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
    [Id(4)] public string? ChallengeId { get; set; }
    [Id(5)] public DateTimeOffset? EndsAt { get; set; }

    /// <summary>Who left (they do not join again: their earlier membership keeps its own span on the boards).</summary>
    [Id(6)] public HashSet<string> Departed { get; set; } = [];
}

/// <summary>
/// A cross-department team. Its member list is bounded by <see cref="TeamState.MaxMembers"/>. A team formed for a challenge
/// ends with it: from the challenge's close nobody joins or leaves, and every membership stops counting on the team boards at
/// that moment (a row per member, written when they join), so the boards stay as they were at the end, rebuilds included.
/// </summary>
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
        var challenge = command.ChallengeId is null ? null
            : await GrainFactory.Challenge(Validate.Id(command.ChallengeId, "input.challengeId")).Get()
              ?? throw DomainException.NotFound("Challenge", command.ChallengeId);
        var now = clock.GetUtcNow();
        if (challenge?.ClosesAt is { } closes && closes <= now)
            throw new DomainException(ErrorCodes.TeamClosed, $"Challenge '{challenge.Id}' ended at {closes:O}; its teams are closed.", "input.challengeId");
        state.State = new TeamState
        {
            Names = names, MaxMembers = maxMembers, CreatedAt = now, ChallengeId = challenge?.Id, EndsAt = challenge?.ClosesAt,
        };
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
        RequireOpen();
        if (state.State.Departed.Contains(learnerId))
            throw DomainException.Conflict($"Learner '{learnerId}' left team '{TeamId}'; a member who left does not join it again.");
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

    public async Task<TeamInfo> Leave(string learnerId)
    {
        if (!state.RecordExists) throw DomainException.NotFound("Team", TeamId);
        var index = state.State.Members.FindIndex(m => m.LearnerId == learnerId);
        if (index < 0) throw new DomainException(ErrorCodes.NotTeamMember, $"Learner '{learnerId}' is not a member of team '{TeamId}'.");
        RequireOpen();
        var member = state.State.Members[index];
        // The departure row first: were the team's record then not written, the member would still be listed but no longer
        // credited, and leaving again repeats the row with the later time, which the earlier one outranks (nothing is lost).
        await membership.Depart(TeamId, learnerId, clock.GetUtcNow());
        state.State.Members.RemoveAt(index);
        state.State.Departed.Add(learnerId);
        await state.WriteOrUndoAsync(() =>
        {
            state.State.Members.Insert(index, member);
            state.State.Departed.Remove(learnerId);
        });
        await GrainFactory.Learner(learnerId).RemoveTeam(TeamId);
        return Info();
    }

    private void RequireOpen()
    {
        if (state.State.EndsAt is { } end && clock.GetUtcNow() >= end)
            throw new DomainException(ErrorCodes.TeamClosed, $"Team '{TeamId}' closed when its challenge ended at {end:O}.");
    }

    /// <summary>The steps after the team's own record (repeated when a join is repaired): the board row (with the moment it
    /// stops counting, for a team that ends with its challenge), and the learner's side.</summary>
    private async Task Complete(TeamMember member)
    {
        await membership.Add(new TeamJoin(TeamId, member.LearnerId, member.JoinedAt));
        if (state.State.EndsAt is { } end) await membership.Depart(TeamId, member.LearnerId, end);
        await GrainFactory.Learner(member.LearnerId).AddTeam(TeamId);
    }

    private TeamInfo Info() => new(TeamId, state.State.Names, state.State.MaxMembers, state.State.Members.ToList(), state.State.CreatedAt,
        state.State.ChallengeId, state.State.EndsAt);
}
