using System.Text.Json;
using Gamified.Learners;
using Gamified.Ledger;
using Gamified.Storage.Database;

namespace Gamified.Storage.People;

/// <summary>The learner directory and department history on the relational database (ops/sql/*/gamified-people.sql).</summary>
public sealed class SqlLearnerDirectory(GamifiedDatabase database) : ILearnerDirectory
{
    public const int ProvisionBatch = 500;

    public int WriteParallelism => database.Provider == StorageProvider.Sqlite ? 1 : 16;

    public async Task Provision(IReadOnlyList<ProvisionedLearner> learners, CancellationToken cancellationToken = default)
    {
        foreach (var batch in learners.Chunk(ProvisionBatch))
            await database.RunAsync(async (connection, ct) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var account = connection.Command("""
                    INSERT INTO learner_accounts (learner_id, department_id, xp, entry_count, last_hash, registered_at, updated_at)
                    VALUES (@learner, @department, 0, 0, @genesis, @at, @at) ON CONFLICT (learner_id) DO NOTHING
                    """, transaction).With("learner", "").With("department", "").With("genesis", LedgerHash.Genesis).With("at", 0L);
                await using var listing = connection.Command("""
                    INSERT INTO learner_directory (learner_id, display_name, department_id, active, staff_hash, pending, updated_at)
                    VALUES (@learner, @name, @department, 1, @hash, @pending, @at) ON CONFLICT (learner_id) DO NOTHING
                    """, transaction).With("learner", "").With("name", "").With("department", "").With("hash", "").With("pending", "").With("at", 0L);
                foreach (var learner in batch)
                {
                    var at = learner.At.ToUnixTimeMilliseconds();
                    account.Parameters["learner"].Value = learner.LearnerId;
                    account.Parameters["department"].Value = learner.Record.DepartmentId;
                    account.Parameters["at"].Value = at;
                    await account.ExecuteNonQueryAsync(ct);
                    listing.Parameters["learner"].Value = learner.LearnerId;
                    listing.Parameters["name"].Value = learner.Record.DisplayName;
                    listing.Parameters["department"].Value = learner.Record.DepartmentId;
                    listing.Parameters["hash"].Value = learner.StaffHash;
                    listing.Parameters["pending"].Value = JsonSerializer.Serialize(learner.Record);
                    listing.Parameters["at"].Value = at;
                    await listing.ExecuteNonQueryAsync(ct);
                }
                await transaction.CommitAsync(ct);
                return true;
            }, cancellationToken);
    }

    public Task<PendingLearner?> Pending(string learnerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command(
                "SELECT pending, updated_at FROM learner_directory WHERE learner_id = @learner AND pending IS NOT NULL")
                .With("learner", learnerId).ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var record = JsonSerializer.Deserialize<StaffRecord>(reader.GetString(0));
            return record is null ? null : new PendingLearner(record, reader.GetTime(1));
        }, cancellationToken);

    public Task Upsert(LearnerListing listing, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await connection.Command("""
                INSERT INTO learner_directory (learner_id, display_name, department_id, active, staff_hash, updated_at)
                VALUES (@learner, @name, @department, @active, @hash, @at)
                ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name, department_id = excluded.department_id,
                    active = excluded.active, staff_hash = excluded.staff_hash, pending = NULL, updated_at = excluded.updated_at
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

    public Task<bool> Exists(string learnerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
            await connection.Command("SELECT 1 FROM learner_accounts WHERE learner_id = @learner").With("learner", learnerId).ExecuteScalarAsync(ct) is not null,
            cancellationToken);

    public Task<IReadOnlyList<string>> ActiveIn(string departmentId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            // From the accounts (indexed by department, and moved with the learner), so a learner not listed yet counts too.
            await using var reader = await connection.Command("""
                SELECT a.learner_id FROM learner_accounts a LEFT JOIN learner_directory d ON d.learner_id = a.learner_id
                WHERE a.department_id = @department AND COALESCE(d.active, 1) <> 0 ORDER BY a.learner_id
                """).With("department", departmentId).ExecuteReaderAsync(ct);
            var ids = new List<string>();
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
            return (IReadOnlyList<string>)ids;
        }, cancellationToken);

    public Task<IReadOnlyList<LearnerListing>> All(CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            var all = new List<LearnerListing>();
            // From the accounts: a learner registered before the directory existed (no row yet) is listed too, with no digest,
            // so the import changes them through their grain rather than taking them for new.
            await using var reader = await connection.Command("""
                SELECT a.learner_id, COALESCE(d.display_name, a.learner_id), COALESCE(d.department_id, a.department_id), COALESCE(d.active, 1),
                       COALESCE(d.staff_hash, ''), COALESCE(d.updated_at, a.updated_at)
                FROM learner_accounts a LEFT JOIN learner_directory d ON d.learner_id = a.learner_id
                """).ExecuteReaderAsync(ct);
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
