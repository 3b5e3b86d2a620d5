namespace Gamified.Rewards;

/// <summary>
/// When a learner's recent statements were scored, for "at most N statements a minute". Bounded (the most recently added
/// times are kept), and kept in memory only: after a reactivation the window starts empty, which can let one extra
/// minute's worth through, never more. Times arrive mostly in order but not always (an import carries its own), so they
/// are kept sorted and counting is two binary searches, not a walk over the window on every statement.
/// </summary>
public sealed class MinuteWindow(int capacity = 2048)
{
    private static readonly long Minute = TimeSpan.FromMinutes(1).Ticks;

    private readonly List<long> _sorted = [];
    private readonly Queue<long> _added = new();

    /// <summary>Times in the minute that ends at <paramref name="at"/>: after <c>at − 1 min</c>, up to <paramref name="at"/>.</summary>
    public int CountBefore(DateTimeOffset at) => After(at.UtcTicks) - After(at.UtcTicks - Minute);

    public void Add(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        _sorted.Insert(After(ticks), ticks);
        _added.Enqueue(ticks);
        if (_added.Count > capacity) _sorted.RemoveAt(_sorted.BinarySearch(_added.Dequeue()));
    }

    /// <summary>How many kept times are at or before <paramref name="ticks"/> (the index of the first one after it).</summary>
    private int After(long ticks)
    {
        var (low, high) = (0, _sorted.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_sorted[middle] <= ticks) low = middle + 1;
            else high = middle;
        }
        return low;
    }
}
