using Gamified.Leaderboards;
using System.Globalization;

namespace Gamified.Storage.Leaderboards;

/// <summary>
/// One step of bringing the boards up to the ledger: the next batch of entries after the cursor, applied with the
/// new cursor in one go. Used by the background projector and by an explicit rebuild alike; because a step only
/// applies when the cursor is still the one it read, the two never double-count. A campaign that appears (a scheme
/// version with a campaign came into force) is counted from the ledger up to the cursor in the same step, and from
/// then on with every batch.
/// </summary>
public sealed class BoardProjection(ILeaderboardStore store, LedgerFeed feed, LeaderboardOptions options, TimeZoneInfo zone, TimeProvider clock,
    ICampaignSource campaigns) : ILeaderboardRebuild
{
    public const int BatchSize = 500;

    /// <summary>Raised with the new ledger position after a batch that changed scores.</summary>
    public event Action<long>? Moved;

    /// <summary>Applies one batch; returns how many ledger entries it covered (0: the boards are current, or another
    /// projector moved them first).</summary>
    public async Task<int> Step() => (await Advance()).Entries;

    /// <param name="Current">Nothing was left to apply.</param>
    private sealed record Advanced(int Entries, bool Current);

    private async Task<Advanced> Advance()
    {
        var expected = await store.Cursor();
        if (!BoardCursor.TryParse(expected, out var cursor))
        {
            // Not a cursor this server wrote: nothing on the boards can be trusted, so they are projected again.
            await store.ClearAll(Today);
            return new Advanced(0, Current: false);
        }
        // Boards without a cursor cannot be trusted (Redis flushed, or lost the cursor): clear them first, checked in the
        // same step as the clearing, so a batch another projector or a rebuild has just applied is never undone.
        if (cursor.IsStart) await store.ClearIfUnprojected(Today);
        var appearing = (await campaigns.Current()).Where(c => cursor.Campaigns.All(k => k.Key != c.Key)).DistinctBy(c => c.Key).ToList();
        var batch = await feed.After(cursor.Position, BatchSize, clock.GetUtcNow() - options.SettleTime);
        if (batch.Count == 0 && appearing.Count == 0) return new Advanced(0, Current: true);

        var counted = cursor.Campaigns.Concat(appearing).ToList();
        var adds = batch.Where(e => e.Amount != 0).SelectMany(e => Adds(e, counted)).ToList();
        foreach (var campaign in appearing) adds.AddRange(await Backfill(campaign, cursor.Position));
        var next = new BoardCursor(batch.Count > 0 ? batch[^1].Position : cursor.Position, counted);
        if (!await store.Apply(expected, next.Serialize(), adds, Today)) return new Advanced(0, Current: false);
        if (adds.Count > 0) Moved?.Invoke(next.Position);
        return new Advanced(batch.Count, Current: false);
    }

    public async Task<long> Rebuild(Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await store.ClearAll(Today);
        long applied = 0;
        for (var step = await Advance(); !step.Current; step = await Advance())
        {
            cancellationToken.ThrowIfCancellationRequested();
            applied += step.Entries;
            if (step.Entries > 0) progress?.Invoke(applied);
        }
        return await feed.CountUpTo(BoardCursor.Parse(await store.Cursor()).Position);
    }

    private string Today => BoardNames.Day(clock.GetUtcNow(), zone);

    /// <summary>What the campaign's boards would hold had it been counted from the start: one add per board and member.</summary>
    private async Task<IEnumerable<BoardAdd>> Backfill(CampaignWindow campaign, long upTo)
    {
        var sums = new Dictionary<(string Board, string Member), BoardAdd>();
        for (long after = 0; ;)
        {
            var page = await feed.Between(campaign.From, campaign.To, after, upTo, 5_000);
            if (page.Count == 0) break;
            foreach (var add in page.SelectMany(e => Adds(e, [campaign], standardWindows: false)))
                sums[(add.Board, add.Member)] = sums.TryGetValue((add.Board, add.Member), out var sum)
                    ? sum with { Delta = sum.Delta + add.Delta, At = add.At > sum.At ? add.At : sum.At }
                    : add;
            after = page[^1].Position;
        }
        return sums.Values.Where(a => a.Delta != 0);
    }

    private IEnumerable<BoardAdd> Adds(FedEntry e, IReadOnlyList<CampaignWindow> counted, bool standardWindows = true)
    {
        var windows = standardWindows ? BoardNames.WindowsOf(e.OccurredAt, zone) : [];
        foreach (var window in windows.Concat(counted.Where(c => c.Counts(e.OccurredAt, e.DepartmentId)).Select(c => c.Key)))
        {
            yield return new BoardAdd(BoardNames.Learners(window), e.LearnerId, e.Amount, e.OccurredAt);
            yield return new BoardAdd(BoardNames.DepartmentLearners(e.DepartmentId, window), e.LearnerId, e.Amount, e.OccurredAt);
            yield return new BoardAdd(BoardNames.DepartmentTotals(window), e.DepartmentId, e.Amount, e.OccurredAt);
            foreach (var team in e.Teams) yield return new BoardAdd(BoardNames.Teams(window), team, e.Amount, e.OccurredAt);
        }
    }
}
