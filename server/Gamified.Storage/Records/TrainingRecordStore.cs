using System.Data.Common;
using Gamified.Records;
using Gamified.Storage.Database;

namespace Gamified.Storage.Records;

public sealed class TrainingRecordStore(GamifiedDatabase database) : ITrainingRecordStore
{
    public Task<IReadOnlyList<YearStatement>> Statements(IReadOnlyCollection<string> learnerIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
    {
        var statements = new List<YearStatement>();
        // In slices, so a statement never carries more parameters than SQLite allows.
        foreach (var slice in learnerIds.Distinct().Chunk(500))
        {
            await using var command = connection.Command($"""
                SELECT learner_id, activity_id, statement, occurred_at FROM activities
                WHERE learner_id IN ({In(slice.Length)}) AND occurred_at >= @from AND occurred_at < @to
                ORDER BY occurred_at, activity_id
                """).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds());
            WithIds(command, slice);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                statements.Add(new YearStatement(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetTime(3)));
        }
        return (IReadOnlyList<YearStatement>)statements;
    }, cancellationToken);

    public Task<IReadOnlyList<DirectoryLearner>> LearnersOf(string departmentId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT learner_id, display_name, department_id FROM learner_directory
                WHERE department_id = @department AND active = 1 ORDER BY display_name, learner_id
                """).With("department", departmentId).ExecuteReaderAsync(ct);
            var learners = new List<DirectoryLearner>();
            while (await reader.ReadAsync(ct)) learners.Add(new DirectoryLearner(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            return (IReadOnlyList<DirectoryLearner>)learners;
        }, cancellationToken);

    public Task<IReadOnlyList<TrainingRequirement>> Requirements(IReadOnlyCollection<string> departmentIds, int year) =>
        database.RunAsync(async (connection, ct) =>
        {
            var rows = new List<(string Department, TrainingCategory Category, double Hours, string SetBy, DateTimeOffset SetAt)>();
            foreach (var slice in departmentIds.Distinct().Chunk(500))
            {
                await using var command = connection.Command($"""
                    SELECT department_id, category, hours, set_by, set_at FROM training_requirements
                    WHERE year = @year AND department_id IN ({In(slice.Length)})
                    """).With("year", year);
                WithIds(command, slice);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    if (Enum.TryParse<TrainingCategory>(reader.GetString(1).Replace("_", ""), ignoreCase: true, out var category))
                        rows.Add((reader.GetString(0), category, reader.GetDouble(2), reader.GetString(3), reader.GetTime(4)));
            }
            return (IReadOnlyList<TrainingRequirement>)rows.GroupBy(r => r.Department).Select(g => new TrainingRequirement(g.Key, year,
                g.ToDictionary(r => r.Category, r => r.Hours), g.First().SetBy, g.Max(r => r.SetAt))).ToList();
        });

    public Task SetRequirement(TrainingRequirement requirement) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var clear = connection.Command("DELETE FROM training_requirements WHERE department_id = @department AND year = @year", transaction))
            await clear.With("department", requirement.DepartmentId).With("year", requirement.Year).ExecuteNonQueryAsync(ct);
        await database.ExecuteEachAsync(connection, transaction, """
            INSERT INTO training_requirements (department_id, year, category, hours, set_by, set_at)
            VALUES (@department, @year, @category, @hours, @by, @at)
            """, requirement.Hours.Select(h => new (string, object?)[]
            {
                ("department", requirement.DepartmentId), ("year", requirement.Year), ("category", CategoryName(h.Key)), ("hours", h.Value),
                ("by", requirement.SetBy), ("at", requirement.SetAt.ToUnixTimeMilliseconds()),
            }), ct);
        await transaction.CommitAsync(ct);
        return true;
    });

    public Task SaveCertificate(CertificateSnapshot certificate, string snapshotJson) => database.RunAsync(async (connection, ct) =>
    {
        await connection.Command("""
            INSERT INTO training_certificates (code, learner_id, year, snapshot, issued_at) VALUES (@code, @learner, @year, @snapshot, @at)
            """).With("code", certificate.Code).With("learner", certificate.LearnerId).With("year", certificate.Year)
            .With("snapshot", snapshotJson).With("at", certificate.IssuedAt.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct);
        return true;
    });

    public Task<string?> Certificate(string code) => database.RunAsync(async (connection, ct) =>
        await connection.Command("SELECT snapshot FROM training_certificates WHERE code = @code").With("code", code).ExecuteScalarAsync(ct) as string);

    public Task<string?> LatestCertificate(string learnerId, int year) => database.RunAsync(async (connection, ct) =>
        await connection.Command("""
            SELECT snapshot FROM training_certificates WHERE learner_id = @learner AND year = @year ORDER BY issued_at DESC LIMIT 1
            """).With("learner", learnerId).With("year", year).ExecuteScalarAsync(ct) as string);

    /// <summary>The stored name of a category: its GraphQL name (EXPERT_LECTURE), readable in the table.</summary>
    private static string CategoryName(TrainingCategory category) => category switch
    {
        TrainingCategory.ExpertLecture => "EXPERT_LECTURE",
        _ => category.ToString().ToUpperInvariant(),
    };

    private static string In(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@i{i}"));

    private static void WithIds(DbCommand command, string[] ids)
    {
        for (var i = 0; i < ids.Length; i++) command.With($"i{i}", ids[i]);
    }
}
