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

    public static string Compute(LedgerEntry e) => Compute(
        e.LearnerId, e.Seq, e.Kind, e.Amount, e.BadgeId, e.Reason, e.ActivityId, e.ChallengeId, e.RuleId,
        e.OccurredAt, e.RecordedAt, e.PreviousHash, e.SchemeId, e.SchemeVersion);

    /// <summary>Builds the next entry of a chain; times are truncated to milliseconds, as stored.</summary>
    public static LedgerEntry Append(
        string learnerId, long seq, string previousHash, LedgerEntryKind kind, int amount, string? badgeId,
        string reason, string? activityId, string? challengeId, string? ruleId,
        DateTimeOffset occurredAt, DateTimeOffset recordedAt, string? schemeId = null, int? schemeVersion = null)
    {
        occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(occurredAt.ToUnixTimeMilliseconds());
        recordedAt = DateTimeOffset.FromUnixTimeMilliseconds(recordedAt.ToUnixTimeMilliseconds());
        var hash = Compute(learnerId, seq, kind, amount, badgeId, reason, activityId, challengeId, ruleId,
            occurredAt, recordedAt, previousHash, schemeId, schemeVersion);
        return new LedgerEntry(learnerId, seq, kind, amount, badgeId, reason, activityId, challengeId, ruleId,
            occurredAt, recordedAt, previousHash, hash, schemeId, schemeVersion);
    }
}
