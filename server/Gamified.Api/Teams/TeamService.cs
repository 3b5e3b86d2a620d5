using Gamified.Api.Learners;
using Gamified.Common;
using Gamified.Teams;

namespace Gamified.Api.Teams;

public sealed class TeamService(IGrainFactory grains)
{
    public Task<TeamInfo> Create(string id, CreateTeam command) =>
        grains.Team(Validate.Id(id, "input.id")).Create(command);

    public async Task<TeamInfo?> Find(string id) =>
        Validate.IsId(id) ? await grains.Team(id).Get() : null;

    public Task<TeamInfo> Join(string teamId, string learnerId)
    {
        var team = grains.Team(Validate.Id(teamId, "input.teamId"));
        return team.Join(Validate.Id(learnerId, "input.learnerId"));
    }

    public Task<TeamInfo> Leave(string teamId, string learnerId)
    {
        var team = grains.Team(Validate.Id(teamId, "input.teamId"));
        return team.Leave(Validate.Id(learnerId, "input.learnerId"));
    }
}
