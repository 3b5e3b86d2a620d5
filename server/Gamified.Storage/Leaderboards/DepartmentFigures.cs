using Gamified.Leaderboards;
using Gamified.Storage.Database;

namespace Gamified.Storage.Leaderboards;

public sealed class DepartmentFigures(GamifiedDatabase database) : IDepartmentFigures
{
    public Task<IReadOnlyDictionary<string, int>> Members(CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("SELECT department_id, COUNT(*) FROM learner_accounts GROUP BY department_id")
            .ExecuteReaderAsync(ct);
        var members = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) members[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
        return (IReadOnlyDictionary<string, int>)members;
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> Movers(IReadOnlyCollection<string> departmentIds,
        CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        var movers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (departmentIds.Count < 2) return (IReadOnlyDictionary<string, IReadOnlyList<string>>)movers;
        // The history holds moves only (a learner who never moved has no row), so this reads a few rows per move, not the staff.
        var command = connection.Command($"""
            SELECT DISTINCT learner_id, department_id FROM learner_department_history
            WHERE department_id IN ({string.Join(", ", departmentIds.Select((_, i) => $"@d{i}"))}) ORDER BY learner_id
            """);
        var index = 0;
        foreach (var department in departmentIds) command.With($"d{index++}", department);
        var pairs = new List<(string Learner, string Department)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) pairs.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var learner in pairs.GroupBy(p => p.Learner).Where(g => g.Count() > 1))
            movers[learner.Key] = learner.Select(p => p.Department).ToList();
        return (IReadOnlyDictionary<string, IReadOnlyList<string>>)movers;
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, DepartmentGain>> Gains(DateTimeOffset since, DateTimeOffset? until = null, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT department_id, AVG(gain), COUNT(*) FROM learning_results
            WHERE gain IS NOT NULL AND completed_at >= @since AND completed_at < @until GROUP BY department_id
            """).With("since", since.ToUnixTimeMilliseconds()).With("until", (until ?? DateTimeOffset.MaxValue).ToUnixTimeMilliseconds())
            .ExecuteReaderAsync(ct);
        var gains = new Dictionary<string, DepartmentGain>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            gains[reader.GetString(0)] = new DepartmentGain(reader.GetString(0), Convert.ToDouble(reader.GetValue(1)), Convert.ToInt32(reader.GetValue(2)));
        return (IReadOnlyDictionary<string, DepartmentGain>)gains;
    }, cancellationToken);
}
