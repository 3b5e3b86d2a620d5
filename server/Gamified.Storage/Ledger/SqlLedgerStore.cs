using Gamified.Activity;
using System.Data.Common;
using Gamified.Ledger;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>The ledger on the relational database; appends go through the <see cref="GroupCommitter"/>.</summary>
public sealed class SqlLedgerStore(GamifiedDatabase database, GroupCommitter committer) : ILedgerStore
{
    private const string EntryColumns = LedgerRows.Columns;

    public Task OpenAccount(string learnerId, string departmentId, DateTimeOffset at) =>
        database.RunAsync(async (connection, ct) =>
        {
            await connection.Command("""
                INSERT INTO learner_accounts (learner_id, department_id, xp, entry_count, last_hash, registered_at, updated_at)
                VALUES (@learner, @department, 0, 0, @genesis, @at, @at)
                ON CONFLICT (learner_id) DO UPDATE SET department_id = excluded.department_id, updated_at = excluded.updated_at
                """)
                .With("learner", learnerId).With("department", departmentId)
                .With("genesis", LedgerHash.Genesis).With("at", at.ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(ct);
            return true;
        });

    public Task<AccountSnapshot?> LoadAccount(string learnerId) =>
        database.RunAsync(async (connection, ct) =>
        {
            string department, lastHash;
            long xp, count;
            await using (var reader = await connection
                .Command("SELECT department_id, xp, entry_count, last_hash FROM learner_accounts WHERE learner_id = @learner")
                .With("learner", learnerId).ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct)) return null;
                department = reader.GetString(0);
                xp = reader.GetInt64(1);
                count = reader.GetInt64(2);
                lastHash = reader.GetString(3).Trim();
            }

            // Badges, challenge completions and badge revocations in one query (each has its partial index).
            var held = await ReadEntries(connection, $"""
                SELECT {EntryColumns} FROM ledger_entries WHERE learner_id = @learner
                AND (kind = 'Badge' OR challenge_id IS NOT NULL OR kind = 'BadgeRevoked') ORDER BY seq
                """, learnerId, ct);
            var badges = held.Where(e => e.Kind == LedgerEntryKind.Badge).ToList();
            var challenges = held.Where(e => e.ChallengeId is not null).ToList();
            var revocations = held.Where(e => e.Kind == LedgerEntryKind.BadgeRevoked).ToList();
            return (AccountSnapshot?)new AccountSnapshot(learnerId, department, xp, count, lastHash, badges, challenges, revocations);
        });

    public Task Append(LedgerAppend append) => committer.Submit(append);

    public Task<StoredActivity?> FindActivity(string learnerId, string idempotencyKey) =>
        database.RunAsync(async (connection, ct) =>
        {
            ActivityRecord record;
            await using (var reader = await connection.Command("""
                SELECT activity_id, payload_hash, verb, object_kind, object_id, statement, xp_awarded, xp_total, occurred_at, recorded_at
                FROM activities WHERE learner_id = @learner AND idempotency_key = @key
                """).With("learner", learnerId).With("key", idempotencyKey).ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct)) return null;
                record = new ActivityRecord(reader.GetString(0), learnerId, idempotencyKey, reader.GetString(1).Trim(),
                    reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetInt32(6), reader.GetInt64(7), reader.GetTime(8), reader.GetTime(9));
            }

            var entries = await ReadEntries(connection,
                $"SELECT {EntryColumns} FROM ledger_entries WHERE learner_id = @learner AND activity_id = @activity ORDER BY seq",
                learnerId, ct, ("activity", record.ActivityId));
            return (StoredActivity?)new StoredActivity(record, entries);
        });

    public Task<IReadOnlyList<LedgerEntry>> ReadEntries(string learnerId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        database.RunAsync((connection, ct) => ReadEntries(connection,
            $"SELECT {EntryColumns} FROM ledger_entries WHERE learner_id = @learner AND seq > @after ORDER BY seq LIMIT @limit",
            learnerId, ct, ("after", afterSeq), ("limit", limit)), cancellationToken);

    public Task<LedgerEntry?> FindRevocation(string learnerId, long revokedSeq, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) => (await ReadEntries(connection,
            // "amount <= 0" matches the partial index's condition: revocations take XP back or are badge revocations (0).
            $"SELECT {EntryColumns} FROM ledger_entries WHERE learner_id = @learner AND rule_id = @rule AND amount <= 0 ORDER BY seq LIMIT 1",
            learnerId, ct, ("rule", Revocation.RuleFor(revokedSeq)))).FirstOrDefault(), cancellationToken);

    public Task<DepartmentTotals> GetDepartmentTotals(string departmentId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN entry_count > 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(xp), 0)
                FROM learner_accounts WHERE department_id = @department
                """).With("department", departmentId).ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new DepartmentTotals(departmentId, Convert.ToInt32(reader.GetValue(0)),
                Convert.ToInt32(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)));
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, DepartmentTotals>> GetDepartmentTotals(IReadOnlyCollection<string> departmentIds,
        CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            var ids = departmentIds.Distinct().ToList();
            var totals = ids.ToDictionary(id => id, id => new DepartmentTotals(id, 0, 0, 0));
            if (ids.Count == 0) return (IReadOnlyDictionary<string, DepartmentTotals>)totals;
            await using var command = connection.Command(
                "SELECT department_id, COUNT(*), COALESCE(SUM(CASE WHEN entry_count > 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(xp), 0) " +
                $"FROM learner_accounts WHERE department_id IN ({string.Join(", ", ids.Select((_, i) => $"@d{i}"))}) GROUP BY department_id");
            for (var i = 0; i < ids.Count; i++) command.With($"d{i}", ids[i]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                totals[reader.GetString(0)] = new DepartmentTotals(reader.GetString(0), Convert.ToInt32(reader.GetValue(1)),
                    Convert.ToInt32(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)));
            return (IReadOnlyDictionary<string, DepartmentTotals>)totals;
        }, cancellationToken);

    public Task<IReadOnlyList<DayEntry>> ReadEntriesOccurred(string learnerId, DateTimeOffset from, DateTimeOffset to) =>
        database.RunAsync(async (connection, ct) =>
        {
            var entries = await ReadEntries(connection,
                $"SELECT {EntryColumns} FROM ledger_entries WHERE learner_id = @learner AND occurred_at >= @from AND occurred_at < @to ORDER BY seq",
                learnerId, ct, ("from", from.ToUnixTimeMilliseconds()), ("to", to.ToUnixTimeMilliseconds()));
            // The statements behind the day's entries, read as the grain reads them (legacy rows included), so a cap on a
            // kind of witness holds whichever rule, version or scheme awarded the points.
            var attestations = new Dictionary<string, Attestation?>(StringComparer.Ordinal);
            var activityIds = entries.Select(e => e.ActivityId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (activityIds.Count > 0)
            {
                var command = connection.Command(
                    $"SELECT activity_id, statement FROM activities WHERE learner_id = @learner AND activity_id IN ({string.Join(", ", activityIds.Select((_, i) => $"@a{i}"))})")
                    .With("learner", learnerId);
                for (var i = 0; i < activityIds.Count; i++) command.With($"a{i}", activityIds[i]);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    attestations[reader.GetString(0)] = StatementRules.FromJson(reader.GetString(1)).CapsAs();
            }
            return (IReadOnlyList<DayEntry>)entries
                .Select(e => new DayEntry(e, e.ActivityId is { } id && attestations.TryGetValue(id, out var a) ? a : null)).ToList();
        });

    public Task<IReadOnlyList<string>> CompletedPackages(string learnerId) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT DISTINCT object_id FROM activities WHERE learner_id = @learner AND verb = 'completed' AND object_kind = 'package'
                """).With("learner", learnerId).ExecuteReaderAsync(ct);
            var ids = new List<string>();
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
            return (IReadOnlyList<string>)ids;
        });

    public Task<IReadOnlyList<DateTimeOffset>> ActivityTimes(string learnerId, DateTimeOffset since, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            // Only witnessed statements make a day active: not a learner's own claims, not a manager's (an admin's import
            // counts). Statements are stored by one serializer, so these properties are always written exactly so; rows
            // stored before attestations existed have none and count.
            await using var reader = await connection.Command("""
                SELECT occurred_at FROM activities WHERE learner_id = @learner AND occurred_at >= @since
                AND statement NOT LIKE '%"attestation":"SelfReported"%'
                AND (statement NOT LIKE '%"attestation":"Manager"%' OR statement LIKE '%"imported":true%')
                """)
                .With("learner", learnerId).With("since", since.ToUnixTimeMilliseconds()).ExecuteReaderAsync(ct);
            var times = new List<DateTimeOffset>();
            while (await reader.ReadAsync(ct)) times.Add(reader.GetTime(0));
            return (IReadOnlyList<DateTimeOffset>)times;
        }, cancellationToken);

    public Task<bool> HasActivity(string learnerId, string verb, string objectId) =>
        database.RunAsync(async (connection, ct) => await connection
            .Command("SELECT 1 FROM activities WHERE learner_id = @learner AND verb = @verb AND object_id = @object LIMIT 1")
            .With("learner", learnerId).With("verb", verb).With("object", objectId).ExecuteScalarAsync(ct) is not null);

    public Task<int> CountChallengeCompletions(string challengeId, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) => Convert.ToInt32(await connection
            .Command("SELECT COUNT(*) FROM ledger_entries WHERE challenge_id = @challenge")
            .With("challenge", challengeId).ExecuteScalarAsync(ct)), cancellationToken);

    public Task<int> EraseReasons(string learnerId) =>
        database.RunAsync(async (connection, ct) => await connection
            .Command("DELETE FROM ledger_reasons WHERE learner_id = @learner").With("learner", learnerId).ExecuteNonQueryAsync(ct));

    public Task<IReadOnlyList<string>> ListDepartmentMembers(string departmentId, string? afterLearnerId, int limit, CancellationToken cancellationToken) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var reader = await connection.Command("""
                SELECT learner_id FROM learner_accounts
                WHERE department_id = @department AND learner_id > @after
                ORDER BY learner_id LIMIT @limit
                """).With("department", departmentId).With("after", afterLearnerId ?? "").With("limit", limit)
                .ExecuteReaderAsync(ct);
            var ids = new List<string>();
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
            return (IReadOnlyList<string>)ids;
        }, cancellationToken);

    private static async Task<IReadOnlyList<LedgerEntry>> ReadEntries(
        DbConnection connection, string sql, string learnerId, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var command = connection.Command(sql).With("learner", learnerId);
        foreach (var (name, value) in parameters) command.With(name, value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(ct)) entries.Add(LedgerRows.Read(reader));
        return entries;
    }
}
