using Gamified.Plans;
using System.Data.Common;
using Gamified.Storage.Database;

namespace Gamified.Storage.Plans;

public sealed class PlanProgressStore(GamifiedDatabase database) : IPlanProgressStore
{
    public Task<IReadOnlyList<PlanLearnerProgress>> Progress(IReadOnlyList<string> departmentIds, IReadOnlyList<string> packageIds,
        string? learnerId = null, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        if (departmentIds.Count == 0) return (IReadOnlyList<PlanLearnerProgress>)[];
        var departments = InList("d", departmentIds.Count);
        var learnerFilter = learnerId is null ? "" : " AND a.learner_id = @learner";

        var members = new Dictionary<string, (string Department, Dictionary<string, DateTimeOffset> Done)>(StringComparer.Ordinal);
        await using (var reader = await Bind(connection.Command(
            // Deactivated learners leave the plans' lists (their results stay).
            $"SELECT a.learner_id, a.department_id FROM learner_accounts a WHERE a.department_id IN ({departments}){learnerFilter}" +
            " AND NOT EXISTS (SELECT 1 FROM learner_directory d WHERE d.learner_id = a.learner_id AND d.active = 0) ORDER BY a.learner_id"),
            departmentIds, packageIds: [], learnerId).ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                members[reader.GetString(0)] = (reader.GetString(1), new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));

        if (members.Count > 0 && packageIds.Count > 0)
        {
            await using var reader = await Bind(connection.Command($"""
                SELECT r.learner_id, r.package_id, r.completed_at
                FROM learning_results r JOIN learner_accounts a ON a.learner_id = r.learner_id
                WHERE a.department_id IN ({departments}) AND r.package_id IN ({InList("p", packageIds.Count)})
                  AND r.completed_at IS NOT NULL{learnerFilter}
                """), departmentIds, packageIds, learnerId).ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (members.TryGetValue(reader.GetString(0), out var member)) member.Done[reader.GetString(1)] = reader.GetTime(2);
        }
        return (IReadOnlyList<PlanLearnerProgress>)members
            .Select(m => new PlanLearnerProgress(m.Key, m.Value.Department, m.Value.Done)).ToList();
    }, cancellationToken);

    private static string InList(string prefix, int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@{prefix}{i}"));

    private static DbCommand Bind(DbCommand command, IReadOnlyList<string> departmentIds, IReadOnlyList<string> packageIds, string? learnerId)
    {
        for (var i = 0; i < departmentIds.Count; i++) command.With($"d{i}", departmentIds[i]);
        for (var i = 0; i < packageIds.Count; i++) command.With($"p{i}", packageIds[i]);
        if (learnerId is not null) command.With("learner", learnerId);
        return command;
    }
}
