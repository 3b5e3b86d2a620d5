namespace Gamified.Storage.Leaderboards;

/// <summary>
/// Boards in memory, for the embedded default (one node, no Redis). Same ordering as Redis's ZREVRANGE:
/// composite score descending, then member id descending.
/// </summary>
public sealed class InProcessLeaderboardStore : ILeaderboardStore
{
    private readonly Dictionary<string, Board> _boards = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task Add(string board, string member, long delta, DateTimeOffset at)
    {
        lock (_lock)
        {
            var b = BoardOf(board);
            var score = b.Scores.TryGetValue(member, out var current) ? BoardScore.ScoreOf(current) : 0;
            b.Put(member, BoardScore.Compose(score + delta, at));
        }
        return Task.CompletedTask;
    }

    public Task Set(string board, string member, long score, DateTimeOffset reachedAt)
    {
        lock (_lock) BoardOf(board).Put(member, BoardScore.Compose(score, reachedAt));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BoardPlace>> Range(string board, long offset, int count)
    {
        lock (_lock)
        {
            if (!_boards.TryGetValue(board, out var b)) return Task.FromResult<IReadOnlyList<BoardPlace>>([]);
            IReadOnlyList<BoardPlace> places = b.Order.Skip((int)Math.Min(offset, int.MaxValue)).Take(count)
                .Select((x, i) => new BoardPlace(x.Member, BoardScore.ScoreOf(x.Composite), offset + i + 1)).ToList();
            return Task.FromResult(places);
        }
    }

    public Task<BoardPlace?> Find(string board, string member)
    {
        lock (_lock)
        {
            if (!_boards.TryGetValue(board, out var b) || !b.Scores.TryGetValue(member, out var composite))
                return Task.FromResult<BoardPlace?>(null);
            var ahead = b.Order.GetViewBetween(b.Order.Min, (composite, member)).Count - 1;
            return Task.FromResult<BoardPlace?>(new BoardPlace(member, BoardScore.ScoreOf(composite), ahead + 1));
        }
    }

    public Task<long> Count(string board)
    {
        lock (_lock) return Task.FromResult(_boards.TryGetValue(board, out var b) ? (long)b.Scores.Count : 0);
    }

    public Task Clear(string board)
    {
        lock (_lock) _boards.Remove(board);
        return Task.CompletedTask;
    }

    private long _checkpoint;

    public Task<long> Checkpoint() => Task.FromResult(Interlocked.Read(ref _checkpoint));

    public Task SetCheckpoint(long position)
    {
        Interlocked.Exchange(ref _checkpoint, position);
        return Task.CompletedTask;
    }

    public Task<bool> Apply(long expected, long next, IReadOnlyList<BoardAdd> adds)
    {
        lock (_lock)
        {
            if (_checkpoint != expected) return Task.FromResult(false);
            foreach (var add in adds)
            {
                var b = BoardOf(add.Board);
                var score = b.Scores.TryGetValue(add.Member, out var current) ? BoardScore.ScoreOf(current) : 0;
                b.Put(add.Member, BoardScore.Compose(score + add.Delta, add.At));
            }
            _checkpoint = next;
            return Task.FromResult(true);
        }
    }

    public Task ClearAll()
    {
        lock (_lock) _boards.Clear();
        Interlocked.Exchange(ref _checkpoint, 0);
        return Task.CompletedTask;
    }

    private Board BoardOf(string board) => _boards.TryGetValue(board, out var b) ? b : _boards[board] = new Board();

    private sealed class Board
    {
        public Dictionary<string, double> Scores { get; } = new(StringComparer.Ordinal);

        public SortedSet<(double Composite, string Member)> Order { get; } = new(Comparer<(double Composite, string Member)>.Create((x, y) =>
        {
            var byScore = y.Composite.CompareTo(x.Composite);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Member, x.Member);
        }));

        public void Put(string member, double composite)
        {
            if (Scores.TryGetValue(member, out var old)) Order.Remove((old, member));
            Scores[member] = composite;
            Order.Add((composite, member));
        }
    }
}
