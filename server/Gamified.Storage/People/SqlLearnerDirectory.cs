using Gamified.Learners;
using Gamified.Storage.Database;

namespace Gamified.Storage.People;

/// <summary>The learner directory and department history on the relational database (ops/sql/*/gamified-people.sql).</summary>
public sealed class SqlLearnerDirectory(GamifiedDatabase database) : ILearnerDirectory
{
    public Task Upsert(LearnerListing listing, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await connection.Command("""
                INSERT INTO learner_directory (learner_id, display_name, department_id, active, staff_hash, updated_at)
                VALUES (@learner, @name, @department, @active, @hash, @at)
                ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name, department_id = excluded.department_id,
                    active = excluded.active, staff_hash = excluded.staff_hash, updated_at = excluded.updated_at
                """).With("learner", listing.LearnerId).With("name", listing.DisplayName).With("department", listing.DepartmentId)
                .With("active", listing.Active ? 1 : 0).With("hash", listing.StaffHash).With("at", listing.UpdatedAt.ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    public Task RecordMove(string learnerId, string from, string to, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // The first move also records where the learner was before it (since 0); later moves add a row each.
            await connection.Command("""
                INSERT INTO learner_department_history (learner_id, since, department_id)
                SELECT @learner, 0, @from WHERE NOT EXISTS (SELECT 1 FROM learner_department_history WHERE learner_id = @learner)
                """, transaction).With("learner", learnerId).With("from", from).ExecuteNonQueryAsync(ct);
            await connection.Command("""
                INSERT INTO learner_department_history (learner_id, since, department_id) VALUES (@learner, @since, @to)
                ON CONFLICT (learner_id, since) DO UPDATE SET department_id = excluded.department_id
                """, transaction).With("learner", learnerId).With("since", at.ToUnixTimeMilliseconds()).With("to", to).ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<LearnerListing>> All(CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            var all = new List<LearnerListing>();
            await using var reader = await connection.Command(
                "SELECT learner_id, display_name, department_id, active, staff_hash, updated_at FROM learner_directory").ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                all.Add(new LearnerListing(reader.GetString(0), reader.GetString(1), reader.GetString(2), Convert.ToInt64(reader.GetValue(3)) != 0,
                    reader.GetString(4), reader.GetTime(5)));
            return (IReadOnlyList<LearnerListing>)all;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> Page(string? search, IReadOnlyCollection<string>? departmentIds, string? after, int limit,
        CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            // From the accounts (every registered learner has one), so learners not yet listed still page; the name is searched
            // where the directory has it. LIKE's wildcards in the search are escaped: they match themselves.
            var where = new List<string>();
            if (departmentIds is not null)
                where.Add(departmentIds.Count == 0 ? "1 = 0" : $"a.department_id IN ({string.Join(", ", departmentIds.Select((_, i) => $"@d{i}"))})");
            if (after is not null) where.Add("a.learner_id > @after");
            if (!string.IsNullOrEmpty(search))
                where.Add("(a.learner_id LIKE @pattern ESCAPE '\\' OR LOWER(d.display_name) LIKE @pattern ESCAPE '\\')");
            var sql = "SELECT a.learner_id FROM learner_accounts a LEFT JOIN learner_directory d ON d.learner_id = a.learner_id"
                      + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY a.learner_id LIMIT @limit";
            var command = connection.Command(sql).With("limit", limit);
            if (after is not null) command.With("after", after);
            if (!string.IsNullOrEmpty(search)) command.With("pattern", "%" + Escape(search.ToLowerInvariant()) + "%");
            var index = 0;
            foreach (var department in departmentIds ?? []) command.With($"d{index++}", department);
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
            return (IReadOnlyList<string>)ids;
        }, cancellationToken);

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
