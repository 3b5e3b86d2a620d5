using Gamified.Leaderboards;
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
            // An offset past the end (any beyond int's range is) reads nothing, a negative one reads from the first place;
            // the walk to the first place read is O(log n), each next one about a step.
            var start = Math.Max(0, offset);
            if (!_boards.TryGetValue(board, out var b) || count <= 0 || start >= b.Order.Count) return Task.FromResult<IReadOnlyList<BoardPlace>>([]);
            var places = new List<BoardPlace>(Math.Min(count, b.Order.Count - (int)start));
            foreach (var (composite, member) in b.Order.From((int)start).Take(count))
                places.Add(new BoardPlace(member, BoardScore.ScoreOf(composite), start + places.Count + 1));
            return Task.FromResult<IReadOnlyList<BoardPlace>>(places);
        }
    }

    public Task<BoardPlace?> Find(string board, string member)
    {
        lock (_lock)
        {
            if (!_boards.TryGetValue(board, out var b) || !b.Scores.TryGetValue(member, out var composite))
                return Task.FromResult<BoardPlace?>(null);
            return Task.FromResult<BoardPlace?>(new BoardPlace(member, BoardScore.ScoreOf(composite), b.RankOf(member)!.Value));
        }
    }

    public Task<long> Count(string board)
    {
        lock (_lock) return Task.FromResult(_boards.TryGetValue(board, out var b) ? (long)b.Scores.Count : 0);
    }

    public Task Clear(string board)
    {
        lock (_lock)
        {
            _boards.Remove(board);
            _lastChanged.Remove(board);
        }
        return Task.CompletedTask;
    }

    private string _cursor = "0";

    // Start-of-day copies: day → board → the board as it stood before its first change that day (null: it did not exist).
    private readonly Dictionary<string, Dictionary<string, Board?>> _dayCopies = new(StringComparer.Ordinal);

    public Task<string> Cursor()
    {
        lock (_lock) return Task.FromResult(_cursor);
    }

    public Task<bool> Apply(string expected, string next, IReadOnlyList<BoardAdd> adds, string day)
    {
        lock (_lock)
        {
            if (_cursor != expected) return Task.FromResult(false);
            // Every new composite first (Compose refuses scores out of range), so a batch that fails changes nothing.
            var running = new Dictionary<(string Board, string Member), long>();
            var composites = new List<(string Board, string Member, double Composite)>(adds.Count);
            foreach (var add in adds)
            {
                var key = (add.Board, add.Member);
                if (!running.TryGetValue(key, out var score))
                    score = _boards.TryGetValue(add.Board, out var b) && b.Scores.TryGetValue(add.Member, out var current) ? BoardScore.ScoreOf(current) : 0;
                running[key] = score + add.Delta;
                composites.Add((add.Board, add.Member, BoardScore.Compose(score + add.Delta, add.At)));
            }
            var copies = CopiesOf(day);
            foreach (var (board, member, composite) in composites)
            {
                if (!copies.ContainsKey(board))
                {
                    copies[board] = _boards.TryGetValue(board, out var before) ? before.Copy() : null;
                    _lastChanged[board] = day;
                }
                BoardOf(board).Put(member, composite);
            }
            _cursor = next;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<long?>> RanksAtDayStart(string board, string day, IReadOnlyList<string> members)
    {
        lock (_lock)
        {
            var source = _dayCopies.TryGetValue(day, out var copies) && copies.TryGetValue(board, out var copy)
                ? copy
                : _boards.GetValueOrDefault(board);
            IReadOnlyList<long?> ranks = members.Select(m => source?.RankOf(m)).ToList();
            return Task.FromResult(ranks);
        }
    }

    public Task ClearAll(string day)
    {
        lock (_lock) ClearLocked(day);
        return Task.CompletedTask;
    }

    public Task<bool> ClearIfUnprojected(string day)
    {
        lock (_lock)
        {
            if (_cursor != "0" || _boards.Count == 0) return Task.FromResult(false);
            ClearLocked(day);
            return Task.FromResult(true);
        }
    }

    private void ClearLocked(string day)
    {
        var copies = CopiesOf(day);
        foreach (var (name, board) in _boards) copies.TryAdd(name, board);   // the boards are dropped, so no copy is needed
        _boards.Clear();
        _lastChanged.Clear();
        _cursor = "0";
    }

    /// <summary>The day's copies; older days than yesterday are dropped as a new day begins, and so are the boards of past
    /// windows (<see cref="BoardNames.Lifetime"/>), as Redis lets them expire.</summary>
    private Dictionary<string, Board?> CopiesOf(string day)
    {
        if (_dayCopies.TryGetValue(day, out var copies)) return copies;
        foreach (var old in _dayCopies.Keys.Order(StringComparer.Ordinal).SkipLast(1).ToList()) _dayCopies.Remove(old);
        DropPastWindows(day);
        return _dayCopies[day] = new Dictionary<string, Board?>(StringComparer.Ordinal);
    }

    // Board → the last day (yyyy-MM-dd, the rewards calendar) a batch changed it.
    private readonly Dictionary<string, string> _lastChanged = new(StringComparer.Ordinal);

    private void DropPastWindows(string day)
    {
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var today)) return;
        foreach (var (board, changed) in _lastChanged.ToList())
            if (BoardNames.Lifetime(board) is { } lifetime && DateOnly.TryParseExact(changed, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var last)
                && last.AddDays((int)lifetime.TotalDays) <= today)
            {
                _boards.Remove(board);
                _lastChanged.Remove(board);
            }
    }

    private Board BoardOf(string board) => _boards.TryGetValue(board, out var b) ? b : _boards[board] = new Board();

    /// <summary>A board: each member's composite by id, and the members in rank order (<see cref="RankedSet"/>).</summary>
    private sealed class Board
    {
        public Board() : this(new Dictionary<string, double>(StringComparer.Ordinal), new RankedSet()) { }

        private Board(Dictionary<string, double> scores, RankedSet order) => (Scores, Order) = (scores, order);

        public Dictionary<string, double> Scores { get; }

        public RankedSet Order { get; }

        /// <summary>1-based rank, or null when not on the board.</summary>
        public long? RankOf(string member) =>
            Scores.TryGetValue(member, out var composite) ? Order.IndexOf(composite, member) + 1 : null;

        /// <summary>O(n), under the store's lock: the dictionary copies its entries, the order its pages (no re-insertion).</summary>
        public Board Copy() => new(new Dictionary<string, double>(Scores, StringComparer.Ordinal), Order.Clone());

        public void Put(string member, double composite)
        {
            if (Scores.TryGetValue(member, out var old))
            {
                if (old == composite) return;
                Order.Remove(old, member);
            }
            Scores[member] = composite;
            Order.Add(composite, member);
        }
    }
}
