using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Gamified.Telemetry;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Database;

/// <summary>
/// Group commits for rows of one kind: rows submitted while a transaction is in flight are written together in the
/// next one. Each caller still waits for its own commit, so a row is durable before its caller goes on, but a burst
/// costs one transaction (one round trip and one flush on PostgreSQL) per batch rather than per row. The writers run on
/// the thread pool with connections of their own, never on an Orleans scheduler thread and outside the database's
/// command slots, so SQLite's synchronous I/O cannot stall grain turns and a burst of report reads cannot hold them up.
/// </summary>
/// <remarks>A batch that fails is retried in halves, down to the row that fails alone, so one bad row never fails
/// its neighbours (a bad row in a batch of 256 costs 16 more transactions, not 256).</remarks>
public sealed class GroupCommits<T> : IAsyncDisposable
{
    /// <summary>The group commit's span: a child of the first caller's span, linked to the others', so the database
    /// commands of a traced request stay in its trace although a writer of its own runs them.</summary>
    private static readonly ActivitySource Tracing = new(StorageTracing.SourceName);

    private readonly GamifiedDatabase _database;
    private readonly Func<DbConnection, DbTransaction, IReadOnlyList<T>, DateTimeOffset, Task> _write;
    private readonly Func<Exception, T, Exception> _translate;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _writers;
    private readonly GamifiedMetrics? _metrics;
    private readonly string _kind;
    private readonly Action<IReadOnlyList<T>>? _committed;

    /// <param name="write">Writes a batch in the transaction given, with the time the batch commits.</param>
    /// <param name="translate">What the caller of a row that failed alone is told.</param>
    /// <param name="metrics">Where each commit's batch size and time go, tagged with <paramref name="kind"/>.</param>
    /// <param name="committed">Told the rows of each batch once they are committed (once per batch, off the callers' path).</param>
    public GroupCommits(GamifiedDatabase database, int writers, int maxBatchSize,
        Func<DbConnection, DbTransaction, IReadOnlyList<T>, DateTimeOffset, Task> write, Func<Exception, T, Exception> translate,
        TimeProvider clock, ILogger logger, GamifiedMetrics? metrics = null, string kind = "", Action<IReadOnlyList<T>>? committed = null)
    {
        _metrics = metrics;
        _kind = kind;
        _committed = committed;
        _database = database;
        _write = write;
        _translate = translate;
        _clock = clock;
        _logger = logger;
        _maxBatchSize = maxBatchSize;
        // Bounded, so a flood waits for the database instead of growing memory without limit.
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(16_384)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = writers == 1,
        });
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(RunWriter)).ToArray();
    }

    /// <summary>Completes once the row is committed; throws what <c>translate</c> made of its failure.</summary>
    public async Task Submit(T row)
    {
        var pending = new Pending(row);
        await _queue.Writer.WriteAsync(pending);
        await pending.Completion.Task;
    }

    private async Task RunWriter()
    {
        var batch = new List<Pending>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            if (batch.Count > 0) await Commit(batch);
        }
    }

    private async Task Commit(IReadOnlyList<Pending> batch)
    {
        using var span = Tracing.HasListeners() ? StartSpan(batch) : null;
        var started = Stopwatch.GetTimestamp();
        var rows = batch.Select(p => p.Row).ToList();
        try
        {
            await using var connection = await _database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await _write(connection, transaction, rows, _clock.GetUtcNow());
            await transaction.CommitAsync();
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            span?.SetStatus(ActivityStatusCode.Error, "retried in halves");
            _logger.LogDebug(exception, "Group commit of {Count} {Kind} failed; retrying in halves", batch.Count, typeof(T).Name);
            var half = batch.Count / 2;
            await Commit(batch.Take(half).ToList());
            await Commit(batch.Skip(half).ToList());
            return;
        }
        catch (Exception exception)
        {
            span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            batch[0].Completion.TrySetException(_translate(exception, batch[0].Row));
            return;
        }
        // Committed. What follows is outside the try: nothing here may send committed rows round again. The hooks run
        // before the callers are answered (so a caller that reads the meters sees its rows counted); one that throws is
        // logged, and never ends this writer (on SQLite the only one) nor keeps the callers from their answer.
        try
        {
            _metrics?.GroupCommitted(_kind, rows.Count, Stopwatch.GetElapsedTime(started));
            _committed?.Invoke(rows);
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "After a group commit of {Count} {Kind}, its hooks failed (the rows are committed)", rows.Count, typeof(T).Name);
        }
        foreach (var pending in batch) pending.Completion.TrySetResult();
    }

    private System.Diagnostics.Activity? StartSpan(IReadOnlyList<Pending> batch)
    {
        var links = batch.Count > 1 ? batch.Skip(1).Where(p => p.Caller != default).Select(p => new ActivityLink(p.Caller)).ToList() : null;
        var span = Tracing.StartActivity(ActivityKind.Internal, batch[0].Caller, links: links, name: $"group commit {_kind}");
        span?.SetTag("gamified.group_commit.rows", batch.Count);
        return span;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private sealed class Pending(T row)
    {
        public T Row { get; } = row;

        /// <summary>The submitter's span, if any: where the commit's span goes in the trace.</summary>
        public ActivityContext Caller { get; } = System.Diagnostics.Activity.Current?.Context ?? default;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
