using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gamified.Ledger;

/// <summary>
/// The hash chain of a learner's ledger. Each entry's hash covers its own fields and the previous
/// entry's hash, so changing, removing or reordering any stored entry breaks every later link.
/// The chain is per learner: learners append in parallel and a verification walks one learner at a time.
/// </summary>
public static class LedgerHash
{
    /// <summary>The "previous hash" of a learner's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(
        string learnerId, long seq, LedgerEntryKind kind, int amount, string? badgeId, string reason,
        string? activityId, string? challengeId, string? ruleId,
        DateTimeOffset occurredAt, DateTimeOffset recordedAt, string previousHash, string? schemeId = null, int? schemeVersion = null)
    {
        // Unit separators keep fields apart, so "ab"+"c" and "a"+"bc" hash differently.
        var canonical = string.Join('\u001f',
            learnerId,
            seq.ToString(CultureInfo.InvariantCulture),
            kind.ToString(),
            amount.ToString(CultureInfo.InvariantCulture),
            badgeId ?? "",
            reason,
            activityId ?? "",
            challengeId ?? "",
            ruleId ?? "",
            occurredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            recordedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            previousHash,
            schemeId ?? "",
            schemeVersion?.ToString(CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The entry's hash from its stored fields: the reason's commitment where it has one, else the reason.</summary>
    public static string Compute(LedgerEntry e) => Compute(
        e.LearnerId, e.Seq, e.Kind, e.Amount, e.BadgeId, e.ReasonCommitment ?? e.Reason, e.ActivityId, e.ChallengeId, e.RuleId,
        e.OccurredAt, e.RecordedAt, e.PreviousHash, e.SchemeId, e.SchemeVersion);

    /// <summary>What is wrong with the entry on its own, or null: its reason no longer matches its commitment, or its
    /// content no longer matches its hash.</summary>
    public static string? Problem(LedgerEntry e)
    {
        if (e.ReasonCommitment is not null && e.ReasonSalt is not null && CommitReason(e.ReasonSalt, e.Reason) != e.ReasonCommitment)
            return "its reason does not match the reason's commitment: the reason was altered";
        return Compute(e) != e.Hash ? "its content does not match its hash: the entry was altered" : null;
    }

    /// <summary>Marks a stored reason column as a commitment rather than text.</summary>
    public const string CommitmentPrefix = "sha256:";

    /// <summary>
    /// The salted digest of a reason that the hash covers in its place. The salt (random, 128 bits) is erased with the
    /// text, after which the commitment cannot be matched against guesses of what the reason said.
    /// </summary>
    public static string CommitReason(string salt, string reason) =>
        CommitmentPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + '\u001f' + reason)));

    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Builds the next entry of a chain; times are truncated to milliseconds, as stored.</summary>
    public static LedgerEntry Append(
        string learnerId, long seq, string previousHash, LedgerEntryKind kind, int amount, string? badgeId,
        string reason, string? activityId, string? challengeId, string? ruleId,
        DateTimeOffset occurredAt, DateTimeOffset recordedAt, string? schemeId = null, int? schemeVersion = null)
    {
        occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(occurredAt.ToUnixTimeMilliseconds());
        recordedAt = DateTimeOffset.FromUnixTimeMilliseconds(recordedAt.ToUnixTimeMilliseconds());
        var salt = NewSalt();
        var commitment = CommitReason(salt, reason);
        var hash = Compute(learnerId, seq, kind, amount, badgeId, commitment, activityId, challengeId, ruleId,
            occurredAt, recordedAt, previousHash, schemeId, schemeVersion);
        return new LedgerEntry(learnerId, seq, kind, amount, badgeId, reason, activityId, challengeId, ruleId,
            occurredAt, recordedAt, previousHash, hash, schemeId, schemeVersion, commitment, salt);
    }
}
