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
