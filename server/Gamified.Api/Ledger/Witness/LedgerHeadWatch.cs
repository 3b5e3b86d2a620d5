using Gamified.Ledger.Log;

namespace Gamified.Api.Ledger.Witness;

/// <summary>
/// A node's memory of the last signed head it verified, and the check of every newer head against it: a consistency proof
/// (RFC 9162 2.1.4) computed from the log's leaves as the database holds them now. A log rewritten under a verified head —
/// even with its leaves and its head row recomputed — gives leaves that no longer lead to the verified root, and the alarm
/// goes off. The first head a node sees is taken on trust, unless the witness directory held one from before.
/// </summary>
public sealed class LedgerHeadWatch(ILedgerLog log, LedgerCheckpoints checkpoints, LedgerForkAlarm alarm)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LedgerCheckpoint? _verified;

    /// <summary>The last head verified (the largest): what the next head must extend.</summary>
    public LedgerCheckpoint? Verified => Volatile.Read(ref _verified);

    /// <summary>Starts from a head kept outside the database (the witness directory's latest), when nothing is verified yet.</summary>
    public void Trust(LedgerCheckpoint kept) => Interlocked.CompareExchange(ref _verified, kept, null);

    /// <summary>Checks <paramref name="head"/>; false (and one alarm per distinct head) when it does not extend the verified one.</summary>
    public async Task<bool> Check(LedgerCheckpoint head, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var verified = _verified;
            var problem = head.KeyId == checkpoints.KeyId && !checkpoints.IsOurs(head) ? "its signature does not verify with this node's key"
                : verified is null ? null
                : await Problem(verified, head, cancellationToken);
            if (problem is null)
            {
                if (verified is null || head.Size > verified.Size) Volatile.Write(ref _verified, head);
                return true;
            }
            await alarm.Raise("node", "this", verified ?? head, head, problem);   // once per bad head: the alarm keeps count
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string?> Problem(LedgerCheckpoint verified, LedgerCheckpoint head, CancellationToken cancellationToken)
    {
        if (head.Size == verified.Size) return head.Root == verified.Root ? null : "a head of the same size with another root";
        var (smaller, larger) = head.Size < verified.Size ? (head, verified) : (verified, head);
        // O(size) reads, once per new head per node (a minute apart by default): see docs/LEDGER.md for when that needs an index.
        var leaves = await log.ReadLeafHashes(larger.Size, cancellationToken);
        if (leaves.Count < larger.Size) return $"the log holds {leaves.Count} leaves, fewer than the {larger.Size} of a signed head";
        var path = MerkleTree.ConsistencyProof(leaves, smaller.Size, larger.Size).Select(Convert.ToHexStringLower).ToList();
        return new LedgerConsistencyProof(smaller, larger, path).Holds() ? null
            : $"the log's leaves do not lead from the head of size {smaller.Size} to the head of size {larger.Size}";
    }
}
