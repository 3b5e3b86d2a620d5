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
            _byKey.Remove(_order.First!.Value.Key);
            _order.RemoveFirst();
        }
    }
}
