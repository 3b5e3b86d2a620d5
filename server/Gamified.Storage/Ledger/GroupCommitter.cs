using Gamified.Ledger;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Gamified.Storage.Database;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Ledger;

/// <summary>
/// Writes ledger appends in group commits: appends that arrive while a transaction is in flight are
/// written together in the next one. Callers still wait for their own commit, so an award is durable
/// before it is acknowledged, but a burst costs one transaction per batch rather than per award.
/// The work runs on the thread pool, never on an Orleans scheduler thread, so SQLite's synchronous
/// I/O cannot stall grain turns.
/// </summary>
public sealed partial class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchSize = 256;

    private readonly GamifiedDatabase _database;
    private readonly ILogger<GroupCommitter> _logger;
    private readonly TimeProvider _clock;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _writers;

    public GroupCommitter(GamifiedDatabase database, ILogger<GroupCommitter> logger, TimeProvider clock)
    {
        _database = database;
        _logger = logger;
        _clock = clock;
        // Bounded, so a flood waits for the database instead of growing memory without limit.
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16_384)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
        // SQLite has one writer at a time anyway; PostgreSQL gains from a few transactions in flight.
        var writers = database.Provider == StorageProvider.Sqlite ? 1 : 4;
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(RunWriter)).ToArray();
    }

    public async Task Submit(LedgerAppend append)
    {
        var pending = new Pending(append);
        await _queue.Writer.WriteAsync(pending);
        await pending.Completion.Task;
    }

    private async Task RunWriter()
    {
        var batch = new List<Pending>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            if (batch.Count > 0) await CommitBatch(batch);
        }
    }

    private async Task CommitBatch(IReadOnlyList<Pending> batch)
    {
        try
        {
            await using var connection = await _database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            // A statement's recorded_at is when its batch commits, not when the grain made it: it may have waited in the
            // queue longer than the analytics projection's settle time, and would then sort below a checkpoint already past it.
            var committedAt = _clock.GetUtcNow();
            var postgres = _database.Provider == StorageProvider.Postgres;
            if (batch.Count > 1 && postgres) await WriteAll(connection, transaction, batch, committedAt);
            else foreach (var pending in batch) await Write(connection, transaction, pending.Append, committedAt, postgres);
            await transaction.CommitAsync();
            foreach (var pending in batch) pending.Completion.TrySetResult();
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One bad append must not fail its neighbours: retry the halves, down to the one that fails alone
            // (a single bad append in a batch of 256 costs 16 more transactions, not 256).
            _logger.LogDebug(exception, "Group commit of {Count} appends failed; retrying in halves", batch.Count);
            var half = batch.Count / 2;
            await CommitBatch(batch.Take(half).ToList());
            await CommitBatch(batch.Skip(half).ToList());
        }
        catch (Exception exception)
        {
            batch[0].Completion.TrySetException(Translate(exception, batch[0].Append));
        }
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

    /// <summary>One append, statement by statement: the head first, so a moved head stops it before anything is written.</summary>
    private static async Task Write(DbConnection connection, DbTransaction transaction, LedgerAppend append, DateTimeOffset committedAt,
        bool postgres)
    {
        if (append.Entries.Count > 0)
        {
            var head = new Statements(connection, transaction, postgres);
            head.MoveHead(append);
            if (await head.Command.ExecuteNonQueryAsync() != 1) throw new LedgerConcurrencyException(append.LearnerId);
        }
        var rest = new Statements(connection, transaction, postgres);
        rest.Insert(append, committedAt);
        if (rest.Count > 0) await rest.Command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// PostgreSQL: the whole batch as one multi-statement command, so one round trip instead of three or more per
    /// append. Every statement changes exactly one row; fewer changed rows means some learner's head had moved,
    /// and the batch fails, to be retried one append at a time, where <see cref="Write"/> says whose.
    /// </summary>
    private static async Task WriteAll(DbConnection connection, DbTransaction transaction, IReadOnlyList<Pending> batch, DateTimeOffset committedAt)
    {
        var statements = new Statements(connection, transaction, Postgres: true);
        foreach (var pending in batch)
        {
            if (pending.Append.Entries.Count > 0) statements.MoveHead(pending.Append);
            statements.Insert(pending.Append, committedAt);
        }
        var changed = await statements.Command.ExecuteNonQueryAsync();
        if (changed != statements.Count)
            throw new InvalidOperationException($"A batch of {statements.Count} ledger statements changed {changed} rows.");
    }

    /// <summary>Ledger statements gathered into one command; each statement's parameters carry its own number.</summary>
    private sealed class Statements(DbConnection connection, DbTransaction transaction, bool Postgres)
    {
        private static readonly ConcurrentDictionary<(string Sql, int Number), string> Numbered = new();
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

        public void MoveHead(LedgerAppend append) =>
            Add(MoveHeadSql, ("xp", append.NewXp), ("count", append.NewEntryCount), ("hash", append.NewLastHash),
                ("at", append.At.ToUnixTimeMilliseconds()), ("learner", append.LearnerId), ("expected", append.ExpectedEntryCount));

        /// <summary>The activity's recorded_at is <paramref name="committedAt"/>; the entries keep theirs, which their hashes
        /// cover, and on PostgreSQL have <paramref name="committedAt"/> as their committed_at.</summary>
        public void Insert(LedgerAppend append, DateTimeOffset committedAt)
        {
            if (append.Activity is { } a)
                Add(InsertActivitySql, ("id", a.ActivityId), ("learner", a.LearnerId), ("key", a.IdempotencyKey), ("hash", a.PayloadHash),
                    ("verb", a.Verb), ("kind", a.ObjectKind), ("object", a.ObjectId), ("statement", a.StatementJson),
                    ("awarded", a.XpAwarded), ("total", a.XpTotal), ("occurred", a.OccurredAt.ToUnixTimeMilliseconds()),
                    ("recorded", Math.Max(a.RecordedAt.ToUnixTimeMilliseconds(), committedAt.ToUnixTimeMilliseconds())));
            foreach (var e in append.Entries)
            {
                Add(Postgres ? InsertEntryWithCommitTimeSql : InsertEntrySql, ("learner", e.LearnerId), ("seq", e.Seq), ("kind", e.Kind.ToString()), ("amount", e.Amount),
                    ("badge", e.BadgeId), ("reason", e.ReasonCommitment ?? e.Reason), ("activity", e.ActivityId), ("challenge", e.ChallengeId),
                    ("rule", e.RuleId), ("occurred", e.OccurredAt.ToUnixTimeMilliseconds()),
                    ("recorded", e.RecordedAt.ToUnixTimeMilliseconds()), ("previous", e.PreviousHash), ("hash", e.Hash));
                _command.WithText($"scheme_{Count - 1}", e.SchemeId).WithLong($"schemeVersion_{Count - 1}", e.SchemeVersion);
                if (Postgres) _command.With($"committed_{Count - 1}", committedAt.ToUnixTimeMilliseconds());
                // The text apart, where erasure can reach it; the entry row holds the commitment the hash covers.
                if (e.ReasonSalt is { } salt)
                    Add(InsertReasonSql, ("learner", e.LearnerId), ("seq", e.Seq), ("salt", salt), ("reason", e.Reason));
            }
        }

        private void Add(string sql, params (string Name, object? Value)[] parameters)
        {
            var number = Count++;
            _sql.Append(Numbered.GetOrAdd((sql, number), k => Parameter().Replace(k.Sql, m => $"{m.Value}_{k.Number}")));
            foreach (var (name, value) in parameters) _command.With($"{name}_{number}", value);
        }
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private sealed class Pending(LedgerAppend append)
    {
        public LedgerAppend Append { get; } = append;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
