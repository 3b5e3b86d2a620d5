using System.Data.Common;
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
public sealed class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchSize = 256;

    private readonly GamifiedDatabase _database;
    private readonly ILogger<GroupCommitter> _logger;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _writers;

    public GroupCommitter(GamifiedDatabase database, ILogger<GroupCommitter> logger)
    {
        _database = database;
        _logger = logger;
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
            foreach (var pending in batch) await Write(connection, transaction, pending.Append);
            await transaction.CommitAsync();
            foreach (var pending in batch) pending.Completion.TrySetResult();
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One bad append must not fail its neighbours: retry each alone to find it.
            _logger.LogDebug(exception, "Group commit of {Count} appends failed; retrying one by one", batch.Count);
            foreach (var pending in batch) await CommitBatch([pending]);
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

    private static async Task Write(DbConnection connection, DbTransaction transaction, LedgerAppend append)
    {
        // Move the head first: if another writer moved it, stop before anything else is written.
        if (append.Entries.Count > 0)
        {
            var moved = await connection.Command("""
                UPDATE learner_accounts
                SET xp = @xp, entry_count = @count, last_hash = @hash, updated_at = @at
                WHERE learner_id = @learner AND entry_count = @expected
                """, transaction)
                .With("xp", append.NewXp).With("count", append.NewEntryCount).With("hash", append.NewLastHash)
                .With("at", append.At.ToUnixTimeMilliseconds()).With("learner", append.LearnerId)
                .With("expected", append.ExpectedEntryCount)
                .ExecuteNonQueryAsync();
            if (moved != 1) throw new LedgerConcurrencyException(append.LearnerId);
        }

        if (append.Activity is { } a)
        {
            await connection.Command("""
                INSERT INTO activities (activity_id, learner_id, idempotency_key, payload_hash, verb, object_kind, object_id,
                                        statement, xp_awarded, xp_total, occurred_at, recorded_at)
                VALUES (@id, @learner, @key, @hash, @verb, @kind, @object, @statement, @awarded, @total, @occurred, @recorded)
                """, transaction)
                .With("id", a.ActivityId).With("learner", a.LearnerId).With("key", a.IdempotencyKey)
                .With("hash", a.PayloadHash).With("verb", a.Verb).With("kind", a.ObjectKind).With("object", a.ObjectId)
                .With("statement", a.StatementJson).With("awarded", a.XpAwarded).With("total", a.XpTotal)
                .With("occurred", a.OccurredAt.ToUnixTimeMilliseconds()).With("recorded", a.RecordedAt.ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync();
        }

        foreach (var e in append.Entries)
        {
            await connection.Command("""
                INSERT INTO ledger_entries (learner_id, seq, kind, amount, badge_id, reason, activity_id, challenge_id, rule_id,
                                            occurred_at, recorded_at, previous_hash, hash, scheme_id, scheme_version)
                VALUES (@learner, @seq, @kind, @amount, @badge, @reason, @activity, @challenge, @rule,
                        @occurred, @recorded, @previous, @hash, @scheme, @schemeVersion)
                """, transaction)
                .With("learner", e.LearnerId).With("seq", e.Seq).With("kind", e.Kind.ToString()).With("amount", e.Amount)
                .With("badge", e.BadgeId).With("reason", e.Reason).With("activity", e.ActivityId)
                .With("challenge", e.ChallengeId).With("rule", e.RuleId)
                .With("occurred", e.OccurredAt.ToUnixTimeMilliseconds()).With("recorded", e.RecordedAt.ToUnixTimeMilliseconds())
                .With("previous", e.PreviousHash).With("hash", e.Hash)
                .WithText("scheme", e.SchemeId).WithLong("schemeVersion", e.SchemeVersion)
                .ExecuteNonQueryAsync();
        }
    }

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
