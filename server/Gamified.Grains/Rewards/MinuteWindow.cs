namespace Gamified.Rewards;

/// <summary>
/// When a learner's recent statements were scored, for "at most N statements a minute". Bounded, and kept in memory
/// only: after a reactivation the window starts empty, which can let one extra minute's worth through, never more.
/// </summary>
public sealed class MinuteWindow(int capacity = 2048)
{
    private readonly LinkedList<DateTimeOffset> _times = new();

    public int CountBefore(DateTimeOffset at) => _times.Count(t => t > at.AddMinutes(-1) && t <= at);

    public void Add(DateTimeOffset at)
    {
        _times.AddLast(at);
        if (_times.Count > capacity) _times.RemoveFirst();
    }
}
