using System.Threading.Channels;
using Gamified.Api.Ledger;
using Gamified.Api.Ledger.Witness;
using Gamified.Ledger.Log;
using Gamified.Telemetry;

namespace Gamified.Server.Ledger;

/// <summary>
/// On every node: whenever it signs a head, and every <see cref="LedgerWitnessOptions.CheckInterval"/> (for the heads other
/// nodes sign), checks the database's latest head against the last one verified (<see cref="LedgerHeadWatch"/>), then writes
/// the heads not yet witnessed to the witness directory and the witness URL, in order. A witness that fails is counted,
/// logged and tried again on the next round from the head it stopped at; awards never wait for it.
/// </summary>
internal sealed class LedgerWitnessLoop(LedgerCheckpoints checkpoints, ILedgerLog log, LedgerHeadWatch watch, LedgerWitnessOptions options,
    LedgerForkAlarm alarm, GamifiedMetrics metrics, ILogger<LedgerWitnessLoop> logger, HttpWitness? http = null) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CheckpointDirectory? _directory = string.IsNullOrWhiteSpace(options.Directory) ? null : new CheckpointDirectory(options.Directory);
    private readonly HashSet<(string Witness, long Size)> _forks = [];
    private long _directoryDone;
    private long? _httpDone;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Wake(LedgerCheckpoint _) => _wake.Writer.TryWrite(true);
        checkpoints.Signed += Wake;
        try
        {
            // A head kept outside the database is a better start than the database's own word after a restart.
            if (_directory?.Latest() is { } kept)
            {
                watch.Trust(kept);
                _directoryDone = kept.Size;
            }
            _wake.Writer.TryWrite(true);
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitForWork(stoppingToken);
                try
                {
                    await Round(stoppingToken);
                }
                catch (Exception problem) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(problem, "The ledger's heads could not be checked; trying again in {Interval}", options.CheckInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            checkpoints.Signed -= Wake;
        }
    }

    private async Task WaitForWork(CancellationToken stoppingToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (options.CheckInterval > TimeSpan.Zero) tick.CancelAfter(options.CheckInterval);
        try
        {
            await _wake.Reader.ReadAsync(tick.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // the interval passed
        }
    }

    private async Task Round(CancellationToken cancellationToken)
    {
        if (await log.LatestCheckpoint(cancellationToken) is not { } latest) return;
        await watch.Check(latest, cancellationToken);
        _httpDone ??= latest.Size - 1;   // after a start, the witness is sent the latest head (it asks for the proof it needs)
        if (_directory is null && http is null) return;
        var from = Math.Min(_directory is null ? long.MaxValue : _directoryDone, http is null ? long.MaxValue : _httpDone.Value);
        if (latest.Size <= from) return;
        var pending = (await checkpoints.List(null, 100, cancellationToken)).Where(c => c.Size > from).OrderBy(c => c.Size).ToList();
        if (_directory is not null) _directoryDone = await Witness("directory", pending, _directoryDone, c => Task.FromResult(_directory.Keep(c)), cancellationToken);
        if (http is not null)
            _httpDone = await Witness("http", pending, _httpDone.Value, async c => await http.Send(c, cancellationToken) is { } fork
                ? await FindHeld(fork.HeldSize ?? c.Size, c, cancellationToken) : null, cancellationToken);
    }

    /// <summary>Writes the heads after <paramref name="done"/> in order, up to the first failure; returns the last written.
    /// <paramref name="write"/> returns the witness's own head when it refuses one that does not extend it.</summary>
    private async Task<long> Witness(string witness, IReadOnlyList<LedgerCheckpoint> pending, long done, Func<LedgerCheckpoint, Task<LedgerCheckpoint?>> write,
        CancellationToken cancellationToken)
    {
        foreach (var checkpoint in pending.Where(c => c.Size > done))
        {
            try
            {
                if (await write(checkpoint) is { } held)
                {
                    metrics.LedgerWitnessFailed(witness);
                    if (_forks.Add((witness, checkpoint.Size)))
                        await alarm.Raise("node", "this", held, checkpoint, $"the {witness} witness keeps a head this one does not extend");
                    return done;
                }
                done = checkpoint.Size;
            }
            catch (Exception problem) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.LedgerWitnessFailed(witness);
                logger.LogWarning(problem, "The ledger head of size {Size} could not be written to the {Witness} witness; trying again in {Interval}",
                    checkpoint.Size, witness, options.CheckInterval);
                return done;
            }
        }
        return done;
    }

    /// <summary>The head of the size the HTTP witness holds, as this node's database keeps it (what the alarm names).</summary>
    private async Task<LedgerCheckpoint> FindHeld(long size, LedgerCheckpoint sent, CancellationToken cancellationToken) =>
        await log.FindCheckpoint(size, cancellationToken) ?? sent with { Size = size, Root = "(not kept here)" };
}
