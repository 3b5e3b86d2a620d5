using System.Globalization;
using System.Text;

namespace Gamified.Ledger.Log;

/// <summary>The log's head as stored: how many leaves, and their root (hex).</summary>
public sealed record LogHead(long Size, string Root);

/// <summary>
/// A signed tree head: the organisation key's ES256 signature (IEEE P1363 r‖s, base64url, as in a JWS) over
/// <see cref="SignedText"/>. Whoever keeps one can later demand that every newer head extends it.
/// </summary>
public sealed record LedgerCheckpoint(long Size, string Root, DateTimeOffset SignedAt, string KeyId, string Signature)
{
    /// <summary>What is signed: a fixed first line (so no other signed message of ours can pass for a head), then the size,
    /// the root and the time in Unix milliseconds, one a line.</summary>
    public static string SignedText(long size, string root, DateTimeOffset signedAt) => string.Create(CultureInfo.InvariantCulture,
        $"gamified-ledger-checkpoint/1\n{size}\n{root}\n{signedAt.ToUnixTimeMilliseconds()}\n");

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(SignedText(Size, Root, SignedAt));
}

/// <summary>The ledger's log as stored: its head and the signed heads kept.</summary>
public interface ILedgerLog
{
    Task<LogHead> ReadHead(CancellationToken cancellationToken = default);

    /// <summary>Keeps the checkpoint unless one of its size is kept already (another node signed it first); returns the one kept.</summary>
    Task<LedgerCheckpoint> KeepCheckpoint(LedgerCheckpoint checkpoint, CancellationToken cancellationToken = default);

    Task<LedgerCheckpoint?> LatestCheckpoint(CancellationToken cancellationToken = default);

    Task<LedgerCheckpoint?> FindCheckpoint(long size, CancellationToken cancellationToken = default);

    /// <summary>Kept checkpoints smaller than <paramref name="beforeSize"/> (all when null), largest first.</summary>
    Task<IReadOnlyList<LedgerCheckpoint>> ListCheckpoints(long? beforeSize, int limit, CancellationToken cancellationToken = default);

    /// <summary>The leaf of the learner's entry <paramref name="seq"/> and its index; null when the entry is not in the log.</summary>
    Task<(long Index, LogLeaf Leaf)?> FindLeaf(string learnerId, long seq, CancellationToken cancellationToken = default);

    /// <summary>The hashes of the first <paramref name="size"/> leaves, in order: what a proof is computed from.</summary>
    Task<IReadOnlyList<byte[]>> ReadLeafHashes(long size, CancellationToken cancellationToken = default);
}
