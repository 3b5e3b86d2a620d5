using System.Numerics;

namespace Gamified.Ledger.Log;

/// <summary>
/// What appending to the log needs to remember: the roots of the perfect subtrees along the tree's right edge, largest
/// first — one per set bit of the size, so at most 64 hashes whatever the size. Appending a leaf merges equal-sized
/// subtrees (like carrying in binary addition), and the tree head folds them from the right, which is RFC 9162's
/// MTH because its split point is always the largest power of two below the size.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<byte[]> _peaks;

    public MerkleFrontier() : this(0, []) { }

    private MerkleFrontier(long size, List<byte[]> peaks)
    {
        Size = size;
        _peaks = peaks;
    }

    public long Size { get; private set; }

    /// <summary>Adds a leaf (its leaf hash); returns its index.</summary>
    public long Append(byte[] leafHash)
    {
        var index = Size;
        var merged = leafHash;
        // Each trailing one bit of the old size is a subtree of the same size as what is being carried: merge it.
        for (var bits = Size; (bits & 1) == 1; bits >>= 1)
        {
            merged = MerkleTree.NodeHash(_peaks[^1], merged);
            _peaks.RemoveAt(_peaks.Count - 1);
        }
        _peaks.Add(merged);
        Size++;
        return index;
    }

    public byte[] Root()
    {
        if (_peaks.Count == 0) return MerkleTree.EmptyRoot;
        var root = _peaks[^1];
        for (var i = _peaks.Count - 2; i >= 0; i--) root = MerkleTree.NodeHash(_peaks[i], root);
        return root;
    }

    /// <summary>The peaks as hex, largest first; their sizes follow from <see cref="Size"/>.</summary>
    public string Serialize() => string.Concat(_peaks.Select(Convert.ToHexStringLower));

    public static MerkleFrontier Parse(long size, string peaks)
    {
        var count = BitOperations.PopCount((ulong)size);
        if (size < 0 || peaks.Length != count * 64) throw new FormatException($"A frontier of size {size} has {count} peaks.");
        var list = Enumerable.Range(0, count).Select(i => Convert.FromHexString(peaks.AsSpan(i * 64, 64))).ToList();
        return new MerkleFrontier(size, list);
    }
}
