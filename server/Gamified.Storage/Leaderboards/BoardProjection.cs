namespace Gamified.Storage.Leaderboards;

/// <summary>
/// One step of bringing the boards up to the ledger: the next batch of entries after the checkpoint, applied
/// with the new checkpoint in one go. Used by the background projector and by an explicit rebuild alike;
/// because a step only applies when the checkpoint is still the one it read, the two never double-count.
/// </summary>
public sealed class BoardProjection(ILeaderboardStore store, LedgerFeed feed, LeaderboardOptions options, TimeZoneInfo zone, TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <summary>Raised with the new ledger position after a batch that changed scores.</summary>
    public event Action<long>? Moved;

    /// <summary>Applies one batch; returns how many ledger entries it covered (0: the boards are current).</summary>
    public async Task<int> Step()
    {
        var checkpoint = await store.Checkpoint();
        var batch = await feed.After(checkpoint, BatchSize, clock.GetUtcNow() - options.SettleTime);
        if (batch.Count == 0) return 0;
        var adds = batch.Where(e => e.Amount != 0).SelectMany(Adds).ToList();
        if (!await store.Apply(checkpoint, batch[^1].Position, adds)) return 0;
        if (adds.Count > 0) Moved?.Invoke(batch[^1].Position);
        return batch.Count;
    }

    /// <summary>Clears every board and projects the whole ledger again, reporting progress after each batch.</summary>
    public async Task<long> Rebuild(Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await store.ClearAll();
        long applied = 0;
        int step;
        while ((step = await Step()) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            applied += step;
            progress?.Invoke(applied);
        }
        return applied;
    }

    private IEnumerable<BoardAdd> Adds(FedEntry e) =>
        BoardNames.WindowsOf(e.OccurredAt, zone).SelectMany(window => new[]
        {
            new BoardAdd(BoardNames.Learners(window), e.LearnerId, e.Amount, e.OccurredAt),
            new BoardAdd(BoardNames.DepartmentLearners(e.DepartmentId, window), e.LearnerId, e.Amount, e.OccurredAt),
            new BoardAdd(BoardNames.DepartmentTotals(window), e.DepartmentId, e.Amount, e.OccurredAt),
        });
}
