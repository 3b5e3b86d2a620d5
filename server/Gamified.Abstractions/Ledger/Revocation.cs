using System.Globalization;

namespace Gamified.Ledger;

/// <summary>
/// A revocation is a new ledger entry, never an edit: it names the entry it takes back in its rule id,
/// <c>revoke.&lt;seq&gt;</c>, so the hash chain and its verification stay as they are.
/// </summary>
public static class Revocation
{
    public const string RulePrefix = "revoke.";

    /// <summary>The longest reason a manager may give (it reaches the learner and the ledger).</summary>
    public const int MaxReasonLength = 500;

    public static string RuleFor(long revokedSeq) => RulePrefix + revokedSeq.ToString(CultureInfo.InvariantCulture);

    /// <summary>The seq of the entry that <paramref name="entry"/> revokes, or null when it revokes nothing.</summary>
    public static long? RevokedSeq(LedgerEntry entry) =>
        entry.RuleId is { } rule && rule.StartsWith(RulePrefix, StringComparison.Ordinal)
        && long.TryParse(rule.AsSpan(RulePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
}
