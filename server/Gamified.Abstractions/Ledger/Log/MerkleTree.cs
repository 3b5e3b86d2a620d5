using System.Numerics;
using System.Security.Cryptography;

namespace Gamified.Ledger.Log;

/// <summary>
/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: its hashes, the tree head of a list of
/// leaves, inclusion and consistency proofs, and their verification. Pure: the caller supplies the leaf hashes. The
/// 0x00 / 0x01 prefixes keep a leaf from ever passing for an inner node (a second-preimage attack on the proof).
/// </summary>
public static class MerkleTree
{
    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static readonly byte[] EmptyRoot = SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + 32 + 32];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[33..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH(D[0:n]) over leaf hashes: the tree head of the first <paramref name="size"/> leaves.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, long size) =>
        size == 0 ? EmptyRoot : SubtreeRoot(leafHashes, 0, size);

    /// <summary>MTH(D[start:end]), end &gt; start. O(end − start).</summary>
    public static byte[] SubtreeRoot(IReadOnlyList<byte[]> leafHashes, long start, long end)
    {
        if (end - start == 1) return leafHashes[(int)start];
        var k = SplitPoint(end - start);
        return NodeHash(SubtreeRoot(leafHashes, start, start + k), SubtreeRoot(leafHashes, start + k, end));
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>PATH(m, D[0:n]): the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/>, leaf side first.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, long index, long size)
    {
        if (index < 0 || index >= size || size > leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(index));
        var proof = new List<byte[]>();
        Path(leafHashes, index, 0, size, proof);
        return proof;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, long m, long start, long end, List<byte[]> proof)
    {
        if (end - start == 1) return;
        var k = SplitPoint(end - start);
        if (m < k)
        {
            Path(leaves, m, start, start + k, proof);
            proof.Add(SubtreeRoot(leaves, start + k, end));
        }
        else
        {
            Path(leaves, m - k, start + k, end, proof);
            proof.Add(SubtreeRoot(leaves, start, start + k));
        }
    }

    /// <summary>PROOF(m, D[0:n]): that the tree of <paramref name="fromSize"/> is a prefix of the tree of <paramref name="toSize"/>.
    /// Empty when the sizes are equal or the first tree is empty (nothing to prove).</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, long fromSize, long toSize)
    {
        if (fromSize < 0 || fromSize > toSize || toSize > leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(fromSize));
        var proof = new List<byte[]>();
        if (fromSize > 0 && fromSize < toSize) SubProof(leafHashes, fromSize, 0, toSize, true, proof);
        return proof;
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, long m, long start, long end, bool whole, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!whole) proof.Add(SubtreeRoot(leaves, start, end));
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(leaves, m, start, start + k, whole, proof);
            proof.Add(SubtreeRoot(leaves, start + k, end));
        }
        else
        {
            SubProof(leaves, m - k, start + k, end, false, proof);
            proof.Add(SubtreeRoot(leaves, start, start + k));
        }
    }

    /// <summary>RFC 9162 2.1.3.2: whether <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of
    /// <paramref name="size"/> with root <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (p.Length != 32 || sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 2.1.4.2: whether the tree of <paramref name="toSize"/> with root <paramref name="toRoot"/> extends the
    /// tree of <paramref name="fromSize"/> with root <paramref name="fromRoot"/>.</summary>
    public static bool VerifyConsistency(long fromSize, long toSize, ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> toRoot, IReadOnlyList<byte[]> proof)
    {
        if (fromSize < 0 || fromSize > toSize) return false;
        if (fromSize == toSize) return proof.Count == 0 && fromRoot.SequenceEqual(toRoot);
        if (fromSize == 0) return proof.Count == 0;
        if (proof.Count == 0 || proof.Any(p => p.Length != 32)) return false;
        var path = BitOperations.IsPow2(fromSize) ? [fromRoot.ToArray(), .. proof] : proof.ToList();
        long fn = fromSize - 1, sn = toSize - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else sr = NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(fromRoot) && sr.AsSpan().SequenceEqual(toRoot);
    }
}
