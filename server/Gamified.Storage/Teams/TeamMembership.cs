using Gamified.Teams;
using Gamified.Storage.Database;

namespace Gamified.Storage.Teams;

public sealed class TeamMembership(GamifiedDatabase database) : ITeamMembership
{
    public Task Add(TeamJoin join) => database.RunAsync(async (connection, ct) =>
    {
        await connection.Command("""
            INSERT INTO team_members (team_id, learner_id, joined_at) VALUES (@team, @learner, @at)
            ON CONFLICT (team_id, learner_id) DO NOTHING
            """).With("team", join.TeamId).With("learner", join.LearnerId).With("at", join.JoinedAt.ToUnixTimeMilliseconds())
            .ExecuteNonQueryAsync(ct);
        return true;
    });

    public Task Remove(string teamId, string learnerId) => database.RunAsync(async (connection, ct) =>
    {
        await connection.Command("DELETE FROM team_members WHERE team_id = @team AND learner_id = @learner")
            .With("team", teamId).With("learner", learnerId).ExecuteNonQueryAsync(ct);
        return true;
    });

    public Task Depart(string teamId, string learnerId, DateTimeOffset at) => database.RunAsync(async (connection, ct) =>
    {
        await connection.Command("""
            INSERT INTO team_departures (team_id, learner_id, left_at) VALUES (@team, @learner, @at)
            ON CONFLICT (team_id, learner_id) DO UPDATE SET left_at = CASE WHEN excluded.left_at < team_departures.left_at
                THEN excluded.left_at ELSE team_departures.left_at END
            """).With("team", teamId).With("learner", learnerId).With("at", at.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct);
        return true;
    });

    public Task<IReadOnlyList<TeamJoin>> Of(IReadOnlyCollection<string> learnerIds) => database.RunAsync(async (connection, ct) =>
    {
        var joins = new List<TeamJoin>();
        // In slices, so a statement never carries more parameters than SQLite allows.
        foreach (var slice in learnerIds.Distinct().Chunk(500))
        {
            var names = string.Join(", ", slice.Select((_, i) => $"@l{i}"));
            await using var command = connection.Command($"""
                SELECT m.team_id, m.learner_id, m.joined_at, d.left_at FROM team_members m
                LEFT JOIN team_departures d ON d.team_id = m.team_id AND d.learner_id = m.learner_id
                WHERE m.learner_id IN ({names})
                """);
            for (var i = 0; i < slice.Length; i++) command.With($"l{i}", slice[i]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                joins.Add(new TeamJoin(reader.GetString(0), reader.GetString(1), reader.GetTime(2), reader.IsDBNull(3) ? null : reader.GetTime(3)));
        }
        return (IReadOnlyList<TeamJoin>)joins;
    });
}
