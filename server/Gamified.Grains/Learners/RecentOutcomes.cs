using Gamified.Activity;

namespace Gamified.Learners;

/// <summary>
/// The outcomes of a learner's most recent statements by idempotency key, so retries are answered
/// without a database read. Bounded: the oldest key is forgotten first; a forgotten key is still found
/// in the activities table, which remembers every key for as long as the statement is kept.
/// </summary>
internal sealed class RecentOutcomes(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, string PayloadHash, ActivityOutcome Outcome)>> _byKey = new();
    private readonly LinkedList<(string Key, string PayloadHash, ActivityOutcome Outcome)> _order = new();

    public bool TryGet(string key, out string payloadHash, out ActivityOutcome outcome)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            (payloadHash, outcome) = (node.Value.PayloadHash, node.Value.Outcome);
            return true;
        }
        (payloadHash, outcome) = ("", null!);
        return false;
    }

    public void Remember(string key, string payloadHash, ActivityOutcome outcome)
    {
        if (_byKey.ContainsKey(key)) return;
        _byKey[key] = _order.AddLast((key, payloadHash, outcome));
        if (_order.Count > capacity)
        {
            var forgotten = _order.First!.Value.Key;
            _byKey.Remove(forgotten);
            _order.RemoveFirst();
            Seen(forgotten);
        }
    }

    // Keys whose outcomes were let go, as 32-bit hashes (about 30 bytes each with the set): enough to know that a key was
    // recorded by this activation, so its retry reads the first result from the ledger instead of going through the
    // rules and a commit that the unique key refuses. A hash that matches a key never recorded only costs that read.
    private const int SeenCapacity = 4096;
    private readonly HashSet<int> _seen = [];
    private readonly Queue<int> _seenOrder = new();

    private void Seen(string key)
    {
        var hash = key.GetHashCode(StringComparison.Ordinal);
        if (!_seen.Add(hash)) return;
        _seenOrder.Enqueue(hash);
        if (_seenOrder.Count > SeenCapacity) _seen.Remove(_seenOrder.Dequeue());
    }

    /// <summary>Whether this activation probably recorded <paramref name="key"/> and let its outcome go.</summary>
    public bool ProbablySeen(string key) => _seen.Contains(key.GetHashCode(StringComparison.Ordinal));
}
