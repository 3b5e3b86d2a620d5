using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gamified.Ledger.Log;

/// <summary>
/// One leaf of the ledger's log: a ledger entry (whose hash covers all its fields and the learner's chain before it) and
/// the statement recorded with it. The statement's hash is over its stored JSON, so the <c>activities</c> table, which
/// the per-learner chains never covered, cannot be rewritten unnoticed either. The learner and seq are in the leaf so
/// that a receipt says on its face which entry it is for.
/// </summary>
public sealed record LogLeaf(string LearnerId, long Seq, string EntryHash, string StatementHash)
{
    /// <summary>The statement hash of an entry recorded without a statement.</summary>
    public const string NoStatement = "";

    public static string HashStatement(string statementJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(statementJson)));

    /// <summary>The leaf's bytes: its fields joined by unit separators ("gamified-ledger-leaf/1" first, so a leaf of
    /// another format can never pass for one of these).</summary>
    public byte[] Bytes() => Encoding.UTF8.GetBytes(string.Join('\u001f', "gamified-ledger-leaf/1", LearnerId,
        Seq.ToString(CultureInfo.InvariantCulture), EntryHash, StatementHash));

    public byte[] Hash() => MerkleTree.LeafHash(Bytes());
}
