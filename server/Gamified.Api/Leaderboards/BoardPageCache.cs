using System.Collections.Concurrent;
using System.Reactive;
using System.Reactive.Linq;
using Gamified.Api.Live;
using Gamified.Leaderboards;

namespace Gamified.Api.Leaderboards;

/// <summary>A board page as everyone sees it: the standings (no one's <c>isMe</c> set), their members and the board's size.</summary>
public sealed record BoardPage(IReadOnlyList<LearnerStanding> Standings, IReadOnlyList<string> Members, long Total);

/// <summary>
/// The first pages of learner boards (down to rank <see cref="MaxCachedRank"/>), shared by everyone who asks until the boards
/// move: a top ten is the same for every viewer, and every learner who opens the boards asks for it. Pages are dropped when
/// the projection reports that the boards moved, or a learner grain that how someone appears changed (a name hidden or
/// erased, a move: events that travel through Redis to every node), and in any case after
/// <see cref="LeaderboardOptions.PageCacheTime"/>.
/// Concurrent readers of a page that is not cached share one read.
/// </summary>
public sealed class BoardPageCache : IDisposable
{
    public const int MaxCachedRank = 100;

    private readonly ConcurrentDictionary<(string Board, long Offset, int Count), Cached> _pages = new();
    private readonly TimeSpan _keep;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private long _generation;

    public BoardPageCache(LiveEvents live, LeaderboardOptions options, TimeProvider clock)
    {
        _keep = options.PageCacheTime;
        _clock = clock;
        _subscription = live.Boards.Select(_ => Unit.Default).Merge(live.LearnersShown.Select(_ => Unit.Default)).Subscribe(_ => Forget());
    }

    private void Forget()
    {
        Interlocked.Increment(ref _generation);
        _pages.Clear();
    }

    public Task<BoardPage> Get(string board, long offset, int count, Func<Task<BoardPage>> read)
    {
        if (_keep <= TimeSpan.Zero || offset < 0 || count > MaxCachedRank || offset > MaxCachedRank - count) return read();
        var key = (board, offset, count);
        var generation = Interlocked.Read(ref _generation);
        var now = _clock.GetUtcNow();
        if (_pages.TryGetValue(key, out var cached) && cached.Generation == generation && cached.Until > now
            && !cached.Page.IsFaulted && !cached.Page.IsCanceled)
            return cached.Page;
        // Read under the generation seen before the read, so a page read across a move is not kept as if it were newer.
        var page = read();
        _pages[key] = new Cached(page, generation, now + _keep);
        if (_pages.Count > 4 * MaxCachedRank) Prune(now);
        return page;
    }

    /// <summary>Boards of past weeks and months are never asked for again: their pages go once they expire.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, cached) in _pages)
            if (cached.Until <= now) _pages.TryRemove(key, out _);
    }

    public void Dispose() => _subscription.Dispose();

    private sealed record Cached(Task<BoardPage> Page, long Generation, DateTimeOffset Until);
}
