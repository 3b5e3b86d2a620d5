using System.Data.Common;
using Gamified.Ledger;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>How a ledger entry is read back: its row, with its reason's text and salt from <c>ledger_reasons</c>.</summary>
internal static class LedgerRows
{
    private const int SaltLength = 32;

    /// <summary>The columns <see cref="Read"/> takes, for a query <c>FROM ledger_entries</c> (not aliased).</summary>
    public const string Columns =
        "learner_id, seq, kind, amount, badge_id, reason, activity_id, challenge_id, rule_id, occurred_at, recorded_at, " +
        "previous_hash, hash, scheme_id, scheme_version, " +
        // Salt and text in one look-up (the salt has a fixed length); null once erased, and for entries without a commitment.
        "(SELECT r.salt || r.reason FROM ledger_reasons r WHERE r.learner_id = ledger_entries.learner_id AND r.seq = ledger_entries.seq)";

    /// <summary>The entry at the reader's row; an unknown kind throws <see cref="ArgumentException"/>.</summary>
    public static LedgerEntry Read(DbDataReader reader)
    {
        var stored = reader.GetString(5);
        var committed = stored.StartsWith(LedgerHash.CommitmentPrefix, StringComparison.Ordinal);
        var text = reader.GetNullableString(15);
        var (salt, reason) = committed && text is { Length: >= SaltLength } ? (text[..SaltLength], text[SaltLength..]) : (null, committed ? "" : stored);
        return new LedgerEntry(
            reader.GetString(0), reader.GetInt64(1), Enum.Parse<LedgerEntryKind>(reader.GetString(2)),
            reader.GetInt32(3), reader.GetNullableString(4), reason, reader.GetNullableString(6),
            reader.GetNullableString(7), reader.GetNullableString(8), reader.GetTime(9), reader.GetTime(10),
            reader.GetString(11).Trim(), reader.GetString(12).Trim(), reader.GetNullableString(13),
            reader.IsDBNull(14) ? null : reader.GetInt32(14), committed ? stored : null, salt);
    }
}
