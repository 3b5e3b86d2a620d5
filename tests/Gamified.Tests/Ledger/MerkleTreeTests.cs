using System.Security.Cryptography;
using System.Text;
using Gamified.Ledger.Log;

namespace Gamified.Tests.Ledger;

/// <summary>The log's tree on its own (RFC 9162 2.1): hand-checked heads, and every proof of every small tree.</summary>
[Trait("Category", "Unit")]
public sealed class MerkleTreeTests
{
    private static byte[] Leaf(int i) => MerkleTree.LeafHash(Encoding.UTF8.GetBytes($"leaf {i}"));

    private static List<byte[]> Leaves(int n) => Enumerable.Range(0, n).Select(Leaf).ToList();

    private static byte[] Sha(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    [Fact]
    public void heads_of_small_trees_are_the_hashes_written_out_by_hand()
    {
        var l = Leaves(3);
        Assert.Equal(SHA256.HashData([]), MerkleTree.Root(l, 0));
        Assert.Equal(Sha([0], Encoding.UTF8.GetBytes("leaf 0")), l[0]);
        Assert.Equal(l[0], MerkleTree.Root(l, 1));
        var ab = Sha([1], l[0], l[1]);
        Assert.Equal(ab, MerkleTree.Root(l, 2));
        // Three leaves split at two: ((a b) c), not (a (b c)).
        Assert.Equal(Sha([1], ab, l[2]), MerkleTree.Root(l, 3));
    }

    [Fact]
    public void the_frontier_gives_the_same_head_as_the_whole_tree_at_every_size_and_survives_a_round_trip()
    {
        var leaves = Leaves(70);
        var frontier = new MerkleFrontier();
        Assert.Equal(MerkleTree.EmptyRoot, frontier.Root());
        for (var n = 1; n <= leaves.Count; n++)
        {
            Assert.Equal(n - 1, frontier.Append(leaves[n - 1]));
            Assert.Equal(MerkleTree.Root(leaves, n), frontier.Root());
            frontier = MerkleFrontier.Parse(frontier.Size, frontier.Serialize());
            Assert.Equal(System.Numerics.BitOperations.PopCount((ulong)n) * 64, frontier.Serialize().Length);
        }
    }

    [Fact]
    public void every_inclusion_proof_of_every_tree_up_to_forty_leaves_verifies_and_fails_for_a_changed_leaf()
    {
        var leaves = Leaves(40);
        var other = MerkleTree.LeafHash("changed"u8);
        for (var size = 1; size <= 40; size++)
        {
            var root = MerkleTree.Root(leaves, size);
            for (var i = 0; i < size; i++)
            {
                var proof = MerkleTree.InclusionProof(leaves, i, size);
                Assert.True(MerkleTree.VerifyInclusion(i, size, leaves[i], proof, root), $"leaf {i} of {size}");
                Assert.False(MerkleTree.VerifyInclusion(i, size, other, proof, root));
                if (size > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion((i + 1) % size, size, leaves[i], proof, root));
                    Assert.False(MerkleTree.VerifyInclusion(i, size, leaves[i], proof.Take(proof.Count - 1).ToList(), root));
                }
            }
        }
    }

    [Fact]
    public void every_consistency_proof_between_trees_up_to_forty_leaves_verifies_and_a_rewritten_past_fails()
    {
        var leaves = Leaves(40);
        var rewritten = Leaves(40);
        for (var to = 1; to <= 40; to++)
        {
            var toRoot = MerkleTree.Root(leaves, to);
            for (var from = 1; from <= to; from++)
            {
                var fromRoot = MerkleTree.Root(leaves, from);
                var proof = MerkleTree.ConsistencyProof(leaves, from, to);
                Assert.True(MerkleTree.VerifyConsistency(from, to, fromRoot, toRoot, proof), $"{from} → {to}");
                if (from == to) continue;
                // The insider rewrote leaf 0 after the old head was noted: the new tree no longer extends it.
                rewritten[0] = MerkleTree.LeafHash("rewritten"u8);
                var forged = MerkleTree.ConsistencyProof(rewritten, from, to);
                Assert.False(MerkleTree.VerifyConsistency(from, to, fromRoot, MerkleTree.Root(rewritten, to), forged));
                Assert.False(MerkleTree.VerifyConsistency(from, to, fromRoot, toRoot, proof.Take(proof.Count - 1).ToList()));
            }
        }
    }

    [Fact]
    public void a_truncated_tree_is_not_consistent_with_the_longer_head_it_once_had()
    {
        var leaves = Leaves(12);
        var head = MerkleTree.Root(leaves, 12);
        // A shorter tree cannot be shown to extend a longer one, whatever proof is offered.
        Assert.False(MerkleTree.VerifyConsistency(12, 9, head, MerkleTree.Root(leaves, 9), MerkleTree.ConsistencyProof(leaves, 9, 12)));
    }

    [Fact]
    public void a_leaf_covers_the_entry_hash_and_the_statement_hash()
    {
        var leaf = new LogLeaf("wang", 3, new string('a', 64), LogLeaf.HashStatement("{\"verb\":\"completed\"}"));
        Assert.NotEqual(leaf.Hash(), (leaf with { EntryHash = new string('b', 64) }).Hash());
        Assert.NotEqual(leaf.Hash(), (leaf with { StatementHash = LogLeaf.HashStatement("{\"verb\":\"passed\"}") }).Hash());
        Assert.NotEqual(leaf.Hash(), (leaf with { Seq = 4 }).Hash());
    }
}
