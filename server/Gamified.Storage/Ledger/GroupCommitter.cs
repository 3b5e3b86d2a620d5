using Gamified.Ledger;
using System.Data.Common;
using Gamified.Storage.Database;
using Gamified.Telemetry;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Ledger;

/// <summary>
/// Writes ledger appends in group commits (<see cref="GroupCommits{T}"/>): an award is durable before it is
/// acknowledged, but a burst costs one transaction per batch rather than per award.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchSize = 256;

    private readonly GamifiedDatabase _database;
    private readonly GroupCommits<LedgerAppend> _commits;

    private readonly GamifiedMetrics _metrics;

    public GroupCommitter(GamifiedDatabase database, ILogger<GroupCommitter> logger, TimeProvider clock, GamifiedMetrics metrics)
    {
        _database = database;
        _metrics = metrics;
        // SQLite has one writer at a time anyway; PostgreSQL gains from a few transactions in flight.
        var writers = database.Provider == StorageProvider.Sqlite ? 1 : 4;
        _commits = new GroupCommits<LedgerAppend>(database, writers, MaxBatchSize, WriteBatch, Translate, clock, logger,
            metrics, "ledger", CountAwards);
    }

    /// <summary>Awards are counted once committed: every award (statements, challenges, corrections) passes here.</summary>
    private void CountAwards(IReadOnlyList<LedgerAppend> batch)
    {
        foreach (var append in batch)
            foreach (var entry in append.Entries)
                _metrics.Awarded(KindTag(entry.Kind), entry.Kind == LedgerEntryKind.Xp ? entry.Amount : 0);
    }

    private static string KindTag(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Xp => "xp",
        LedgerEntryKind.Badge => "badge",
        LedgerEntryKind.LevelUp => "level_up",
        LedgerEntryKind.BadgeRevoked => "badge_revoked",
        _ => "other",
    };

    public Task Submit(LedgerAppend append) => _commits.Submit(append);

    /// <summary>A statement's recorded_at is when its batch commits (<paramref name="committedAt"/>), not when the grain made
    /// it: it may have waited in the queue longer than the analytics projection's settle time, and would then sort below a
    /// checkpoint already past it.</summary>
    private async Task WriteBatch(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerAppend> batch, DateTimeOffset committedAt)
    {
        if (_database.Provider == StorageProvider.Postgres && batch.Count > 1) await WriteAll(connection, transaction, batch, committedAt);
        else foreach (var append in batch) await Write(connection, transaction, append, committedAt);
        // Last, so the log's head is locked for as little of the transaction as can be.
        await LedgerLogAppender.Append(_database, connection, transaction, batch, committedAt);
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

    /// <summary>One append, the head first, so a head another activation moved stops it as a conflict before anything is
    /// written (on PostgreSQL an entry's seq would otherwise collide with that activation's first).</summary>
    private async Task Write(DbConnection connection, DbTransaction transaction, LedgerAppend append, DateTimeOffset committedAt)
    {
        if (append.Entries.Count > 0 && await _database.ExecuteAsync(connection, transaction, [MoveHead(append)]) != 1)
            throw new LedgerConcurrencyException(append.LearnerId);
        await _database.ExecuteAsync(connection, transaction, Rows(append, committedAt, _database.Provider == StorageProvider.Postgres));
    }

    /// <summary>
    /// PostgreSQL: the whole batch in one round trip. Every statement changes exactly one row; a head that changed none had
    /// moved (another activation wrote that ledger), and the batch fails, to be retried in halves down to that append alone,
    /// where <see cref="Write"/> says whose head it was.
    /// </summary>
    private async Task WriteAll(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerAppend> batch, DateTimeOffset committedAt)
    {
        var statements = batch.SelectMany(append => (append.Entries.Count > 0 ? [MoveHead(append)] : Enumerable.Empty<Statement>())
            .Concat(Rows(append, committedAt, postgres: true))).ToList();
        var changed = await _database.ExecuteAsync(connection, transaction, statements);
        if (changed != statements.Count)
            throw new InvalidOperationException($"A batch of {statements.Count} ledger statements changed {changed} rows.");
    }

    private static Statement MoveHead(LedgerAppend append) =>
        (MoveHeadSql, [("xp", append.NewXp), ("count", append.NewEntryCount), ("hash", append.NewLastHash),
            ("at", append.At.ToUnixTimeMilliseconds()), ("learner", append.LearnerId), ("expected", append.ExpectedEntryCount)]);

    /// <summary>The rows an append inserts. The activity's recorded_at is <paramref name="committedAt"/>; the entries keep
    /// theirs, which their hashes cover, and on PostgreSQL have <paramref name="committedAt"/> as their committed_at.</summary>
    private static IEnumerable<Statement> Rows(LedgerAppend append, DateTimeOffset committedAt, bool postgres)
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

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
