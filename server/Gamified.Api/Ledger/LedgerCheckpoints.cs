using System.Security.Cryptography;
using Gamified.Common;
using Gamified.Ledger.Log;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Api.Ledger;

/// <summary>
/// Signs the ledger log's head with the organisation key — the badge credentials' ES256 key, so one key id, one
/// published JWK (<c>credentialIssuerKey</c>) and one rotation procedure serve both — and keeps the signed heads.
/// </summary>
public sealed class LedgerCheckpoints(ILedgerLog log, ECDsa key, TimeProvider clock)
{
    /// <summary>The key's id, derived as the credentials' is: the first 16 base64url characters of SHA-256 of the public key.</summary>
    public string KeyId { get; } = Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>Told of every head this node signs (the witnesses and the fork check wake on it, rather than wait for their interval).</summary>
    public event Action<LedgerCheckpoint>? Signed;

    public Task<LedgerCheckpoint?> Latest(CancellationToken cancellationToken) => log.LatestCheckpoint(cancellationToken);

    /// <summary>Whether this node's key signed the head.</summary>
    public bool IsOurs(LedgerCheckpoint checkpoint) => checkpoint.KeyId == KeyId && IsSignedBy(checkpoint, key);

    /// <summary>Signs the current head, unless the latest checkpoint is of it already (an idle log needs no new ones).</summary>
    public async Task<LedgerCheckpoint> SignNow(CancellationToken cancellationToken)
    {
        var head = await log.ReadHead(cancellationToken);
        if (await log.LatestCheckpoint(cancellationToken) is { } latest && latest.Size == head.Size) return latest;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var signature = key.SignData(System.Text.Encoding.UTF8.GetBytes(LedgerCheckpoint.SignedText(head.Size, head.Root, at)),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var kept = await log.KeepCheckpoint(new LedgerCheckpoint(head.Size, head.Root, at, KeyId, Base64UrlEncoder.Encode(signature)), cancellationToken);
        Signed?.Invoke(kept);
        return kept;
    }

    public Task<IReadOnlyList<LedgerCheckpoint>> List(long? beforeSize, int limit, CancellationToken cancellationToken) =>
        log.ListCheckpoints(beforeSize, limit, cancellationToken);

    /// <summary>The entry's path to a kept head: the one of <paramref name="checkpointSize"/>, or the latest.</summary>
    public async Task<LedgerInclusionProof> InclusionProof(string learnerId, long seq, long? checkpointSize, CancellationToken cancellationToken)
    {
        var checkpoint = await Kept(checkpointSize, "checkpointSize", cancellationToken);
        var (index, leaf) = await log.FindLeaf(learnerId, seq, cancellationToken)
            ?? throw DomainException.NotFound("Ledger entry in the log", $"{learnerId}/{seq}");
        if (index >= checkpoint.Size)
            throw DomainException.BadInput("checkpointSize", $"The entry is leaf {index}, after the checkpoint of {checkpoint.Size}: ask for a later one.");
        var leaves = await log.ReadLeafHashes(checkpoint.Size, cancellationToken);
        var path = MerkleTree.InclusionProof(leaves, index, checkpoint.Size).Select(Convert.ToHexStringLower).ToList();
        return new LedgerInclusionProof(leaf, index, path, checkpoint);
    }

    /// <summary>That the kept head of <paramref name="toSize"/> (or the latest) extends the kept head of <paramref name="fromSize"/>.</summary>
    public async Task<LedgerConsistencyProof> ConsistencyProof(long fromSize, long? toSize, CancellationToken cancellationToken)
    {
        var from = await Kept(fromSize, "fromSize", cancellationToken);
        var to = await Kept(toSize, "toSize", cancellationToken);
        if (to.Size < from.Size) throw DomainException.BadInput("toSize", "toSize is at least fromSize.");
        var leaves = await log.ReadLeafHashes(to.Size, cancellationToken);
        return new LedgerConsistencyProof(from, to, MerkleTree.ConsistencyProof(leaves, from.Size, to.Size).Select(Convert.ToHexStringLower).ToList());
    }

    private async Task<LedgerCheckpoint> Kept(long? size, string field, CancellationToken cancellationToken) =>
        (size is { } s ? await log.FindCheckpoint(s, cancellationToken) : await log.LatestCheckpoint(cancellationToken))
        ?? throw DomainException.BadInput(field, size is null ? "No checkpoint is signed yet." : $"No checkpoint of size {size} is kept.");

    /// <summary>Whether <paramref name="checkpoint"/> was signed by <paramref name="publicKey"/>: what an offline verifier checks.</summary>
    public static bool IsSignedBy(LedgerCheckpoint checkpoint, ECDsa publicKey)
    {
        try
        {
            return publicKey.VerifyData(checkpoint.SignedBytes(), Base64UrlEncoder.DecodeBytes(checkpoint.Signature),
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
