using Gamified.Ledger;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Gamified.Storage.Database;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Ledger;

/// <summary>
/// Writes ledger appends in group commits (<see cref="GroupCommits{T}"/>): an award is durable before it is
/// acknowledged, but a burst costs one transaction per batch rather than per award.
/// </summary>
public sealed partial class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchSize = 256;

    private readonly GamifiedDatabase _database;
    private readonly GroupCommits<LedgerAppend> _commits;

    public GroupCommitter(GamifiedDatabase database, ILogger<GroupCommitter> logger, TimeProvider clock)
    {
        _database = database;
        // SQLite has one writer at a time anyway; PostgreSQL gains from a few transactions in flight.
        var writers = database.Provider == StorageProvider.Sqlite ? 1 : 4;
        _commits = new GroupCommits<LedgerAppend>(database, writers, MaxBatchSize, WriteBatch, Translate, clock, logger);
    }

    public Task Submit(LedgerAppend append) => _commits.Submit(append);

    /// <summary>A statement's recorded_at is when its batch commits (<paramref name="committedAt"/>), not when the grain made
    /// it: it may have waited in the queue longer than the analytics projection's settle time, and would then sort below a
    /// checkpoint already past it.</summary>
    private Task WriteBatch(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerAppend> batch, DateTimeOffset committedAt) =>
        _database.Provider != StorageProvider.Postgres ? WriteEach(connection, transaction, batch, committedAt)
        : batch.Count == 1 ? WriteOne(connection, transaction, batch[0], committedAt)
        : WriteAll(connection, transaction, batch, committedAt);

    private static async Task WriteEach(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerAppend> batch, DateTimeOffset committedAt)
    {
        foreach (var append in batch) await Write(connection, transaction, append, committedAt);
    }

    private Exception Translate(Exception exception, LedgerAppend append) =>
        exception is not LedgerConcurrencyException && append.Activity is { } activity && _database.IsUniqueViolation(exception)
            ? new DuplicateActivityException(append.LearnerId, activity.IdempotencyKey)
            : exception;

    private const string MoveHeadSql = """
        UPDATE learner_accounts
        SET xp = @xp, entry_count = @count, last_hash = @hash, updated_at = @at
        WHERE learner_id = @learner AND entry_count = @expected;
        """;

    private const string InsertActivitySql = """
        INSERT INTO activities (activity_id, learner_id, idempotency_key, payload_hash, verb, object_kind, object_id,
                                statement, xp_awarded, xp_total, occurred_at, recorded_at)
        VALUES (@id, @learner, @key, @hash, @verb, @kind, @object, @statement, @awarded, @total, @occurred, @recorded);
        """;

    private const string InsertEntrySql = """
        INSERT INTO ledger_entries (learner_id, seq, kind, amount, badge_id, reason, activity_id, challenge_id, rule_id,
                                    occurred_at, recorded_at, previous_hash, hash, scheme_id, scheme_version)
        VALUES (@learner, @seq, @kind, @amount, @badge, @reason, @activity, @challenge, @rule,
                @occurred, @recorded, @previous, @hash, @scheme, @schemeVersion);
        """;

    private const string InsertReasonSql = """
        INSERT INTO ledger_reasons (learner_id, seq, salt, reason) VALUES (@learner, @seq, @salt, @reason);
        """;

    /// <summary>PostgreSQL: also the commit time, which the board projection settles on (several writers commit out of
    /// position order there; SQLite's one writer commits in position order, so it needs none).</summary>
    private const string InsertEntryWithCommitTimeSql = """
        INSERT INTO ledger_entries (learner_id, seq, kind, amount, badge_id, reason, activity_id, challenge_id, rule_id,
                                    occurred_at, recorded_at, previous_hash, hash, scheme_id, scheme_version, committed_at)
        VALUES (@learner, @seq, @kind, @amount, @badge, @reason, @activity, @challenge, @rule,
                @occurred, @recorded, @previous, @hash, @scheme, @schemeVersion, @committed);
        """;

    /// <summary>SQLite: one append, the head first, so a moved head stops it before anything is written; then the rest as
    /// one multi-statement command.</summary>
    private static async Task Write(DbConnection connection, DbTransaction transaction, LedgerAppend append, DateTimeOffset committedAt)
    {
        if (append.Entries.Count > 0)
        {
            var head = new Statements(connection, transaction);
            head.Add(MoveHead(append));
            if (await head.Command.ExecuteNonQueryAsync() != 1) throw new LedgerConcurrencyException(append.LearnerId);
        }
        var rest = new Statements(connection, transaction);
        foreach (var row in Rows(append, committedAt, postgres: false)) rest.Add(row);
        if (rest.Count > 0) await rest.Command.ExecuteNonQueryAsync();
    }

    /// <summary>PostgreSQL, one append alone (low load, or the end of a failed batch's halving): the head first, so a head
    /// another activation moved is told as such, before an entry's seq would collide with that activation's.</summary>
    private static async Task WriteOne(DbConnection connection, DbTransaction transaction, LedgerAppend append, DateTimeOffset committedAt)
    {
        if (append.Entries.Count > 0)
        {
            var head = new PostgresBatch(connection, transaction);
            head.Add(MoveHead(append));
            if (await head.ExecuteNonQueryAsync() != 1) throw new LedgerConcurrencyException(append.LearnerId);
        }
        var rows = new PostgresBatch(connection, transaction);
        foreach (var row in Rows(append, committedAt, postgres: true)) rows.Add(row);
        if (rows.Count > 0) await rows.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// PostgreSQL: the whole batch in one round trip (<see cref="PostgresBatch"/>). Every statement changes exactly one
    /// row; a head that changed none had moved (another activation wrote that ledger), and the batch fails, to be retried
    /// in halves down to that append alone, where <see cref="WriteOne"/> says whose head it was.
    /// </summary>
    private static async Task WriteAll(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerAppend> batch, DateTimeOffset committedAt)
    {
        var statements = new PostgresBatch(connection, transaction);
        foreach (var append in batch)
        {
            if (append.Entries.Count > 0) statements.Add(MoveHead(append));
            foreach (var row in Rows(append, committedAt, postgres: true)) statements.Add(row);
        }
        var changed = await statements.ExecuteNonQueryAsync();
        if (changed != statements.Count)
            throw new InvalidOperationException($"A batch of {statements.Count} ledger statements changed {changed} rows.");
    }

    private static (string Sql, (string Name, object? Value)[] Parameters) MoveHead(LedgerAppend append) =>
        (MoveHeadSql, [("xp", append.NewXp), ("count", append.NewEntryCount), ("hash", append.NewLastHash),
            ("at", append.At.ToUnixTimeMilliseconds()), ("learner", append.LearnerId), ("expected", append.ExpectedEntryCount)]);

    /// <summary>The rows an append inserts. The activity's recorded_at is <paramref name="committedAt"/>; the entries keep
    /// theirs, which their hashes cover, and on PostgreSQL have <paramref name="committedAt"/> as their committed_at.</summary>
    private static IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> Rows(LedgerAppend append, DateTimeOffset committedAt, bool postgres)
    {
        if (append.Activity is { } a)
            yield return (InsertActivitySql, [("id", a.ActivityId), ("learner", a.LearnerId), ("key", a.IdempotencyKey), ("hash", a.PayloadHash),
                ("verb", a.Verb), ("kind", a.ObjectKind), ("object", a.ObjectId), ("statement", a.StatementJson),
                ("awarded", a.XpAwarded), ("total", a.XpTotal), ("occurred", a.OccurredAt.ToUnixTimeMilliseconds()),
                ("recorded", Math.Max(a.RecordedAt.ToUnixTimeMilliseconds(), committedAt.ToUnixTimeMilliseconds()))]);
        foreach (var e in append.Entries)
        {
            yield return (postgres ? InsertEntryWithCommitTimeSql : InsertEntrySql, [("learner", e.LearnerId), ("seq", e.Seq),
                ("kind", e.Kind.ToString()), ("amount", e.Amount), ("badge", e.BadgeId), ("reason", e.ReasonCommitment ?? e.Reason),
                ("activity", e.ActivityId), ("challenge", e.ChallengeId), ("rule", e.RuleId), ("occurred", e.OccurredAt.ToUnixTimeMilliseconds()),
                ("recorded", e.RecordedAt.ToUnixTimeMilliseconds()), ("previous", e.PreviousHash), ("hash", e.Hash),
                ("scheme", e.SchemeId), ("schemeVersion", e.SchemeVersion), ("committed", committedAt.ToUnixTimeMilliseconds())]);
            // The text apart, where erasure can reach it; the entry row holds the commitment the hash covers.
            if (e.ReasonSalt is { } salt)
                yield return (InsertReasonSql, [("learner", e.LearnerId), ("seq", e.Seq), ("salt", salt), ("reason", e.Reason)]);
        }
    }

    /// <summary>SQLite: statements gathered into one command; each statement's parameters carry its own number.</summary>
    private sealed partial class Statements(DbConnection connection, DbTransaction transaction)
    {
        private static readonly ConcurrentDictionary<(string Sql, int Number), string> Numbered = new();
        private static readonly ConcurrentDictionary<string, HashSet<string>> Used = new(StringComparer.Ordinal);
        private readonly StringBuilder _sql = new();

        private readonly DbCommand _command = connection.Command("", transaction);

        /// <summary>The command with every statement gathered so far.</summary>
        public DbCommand Command
        {
            get
            {
                _command.CommandText = _sql.ToString();
                return _command;
            }
        }

        public int Count { get; private set; }

        /// <summary>Adds a statement; values for parameters its text does not use are left out.</summary>
        public void Add((string Sql, (string Name, object? Value)[] Parameters) statement)
        {
            var number = Count++;
            _sql.Append(Numbered.GetOrAdd((statement.Sql, number), k => Parameter().Replace(k.Sql, m => $"{m.Value}_{k.Number}")));
            var used = Used.GetOrAdd(statement.Sql, sql => Parameter().Matches(sql).Select(m => m.Value[1..]).ToHashSet(StringComparer.Ordinal));
            foreach (var (name, value) in statement.Parameters)
                if (used.Contains(name)) _command.With($"{name}_{number}", value);
        }

        [GeneratedRegex(@"@\w+")]
        private static partial Regex Parameter();
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
