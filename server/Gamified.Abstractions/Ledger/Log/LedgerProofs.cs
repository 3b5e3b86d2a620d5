namespace Gamified.Ledger.Log;

/// <summary>That an entry is leaf <see cref="LeafIndex"/> of the tree a signed head covers: with the head, a receipt.</summary>
public sealed record LedgerInclusionProof(LogLeaf Leaf, long LeafIndex, IReadOnlyList<string> AuditPath, LedgerCheckpoint Checkpoint)
{
    /// <summary>Whether the path leads from the leaf to the head's root (the head's signature is checked apart).</summary>
    public bool Holds() => MerkleTree.VerifyInclusion(LeafIndex, Checkpoint.Size, Leaf.Hash(),
        AuditPath.Select(Convert.FromHexString).ToList(), Convert.FromHexString(Checkpoint.Root));
}

/// <summary>That the tree of <see cref="To"/> extends the tree of <see cref="From"/>: nothing in it was changed or dropped.</summary>
public sealed record LedgerConsistencyProof(LedgerCheckpoint From, LedgerCheckpoint To, IReadOnlyList<string> Path)
{
    public bool Holds() => MerkleTree.VerifyConsistency(From.Size, To.Size, Convert.FromHexString(From.Root), Convert.FromHexString(To.Root),
        Path.Select(Convert.FromHexString).ToList());
}
