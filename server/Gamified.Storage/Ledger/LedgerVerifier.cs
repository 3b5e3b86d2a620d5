using System.Data.Common;
using Gamified.Ledger;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

public sealed class LedgerVerifier(GamifiedDatabase database) : ILedgerVerifier
{
    public Task<LedgerVerification> Verify(string? learnerId = null, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        var heads = await ReadHeads(connection, learnerId, ct);
        await using var reader = await connection.Command($"""
            SELECT {LedgerRows.Columns}
            FROM ledger_entries WHERE (@learner IS NULL OR learner_id = @learner)
            ORDER BY learner_id, seq
            """).WithText("learner", learnerId).ExecuteReaderAsync(ct);

        var walk = new Walk(heads);
        while (await reader.ReadAsync(ct))
        {
            LedgerEntry entry;
            try
            {
                entry = LedgerRows.Read(reader);
            }
            catch (ArgumentException)
            {
                return walk.Broken(reader.GetString(0), reader.GetInt64(1), "the entry kind is not a known kind");
            }
            if (walk.Next(entry) is { } broken) return broken;
        }
        return walk.Finish();
    }, cancellationToken);

    private static async Task<Dictionary<string, (long Count, long Xp, string LastHash)>> ReadHeads(
        DbConnection connection, string? learnerId, CancellationToken ct)
    {
        await using var reader = await connection.Command(
            "SELECT learner_id, entry_count, xp, last_hash FROM learner_accounts WHERE (@learner IS NULL OR learner_id = @learner)")
            .WithText("learner", learnerId).ExecuteReaderAsync(ct);
        var heads = new Dictionary<string, (long, long, string)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) heads[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3).Trim());
        return heads;
    }

    /// <summary>The state of the walk through one learner's chain after another.</summary>
    private sealed class Walk(Dictionary<string, (long Count, long Xp, string LastHash)> heads)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private string? _learner;
        private long _seq;
        private long _xp;
        private string _previous = LedgerHash.Genesis;
        private long _entries;

        public LedgerVerification? Next(LedgerEntry e)
        {
            if (e.LearnerId != _learner)
            {
                if (_learner is not null && CheckHead() is { } headProblem) return headProblem;
                (_learner, _seq, _xp, _previous) = (e.LearnerId, 0, 0, LedgerHash.Genesis);
                _seen.Add(e.LearnerId);
            }
            _entries++;
            if (e.Seq != _seq + 1) return Broken(e.LearnerId, e.Seq, $"expected entry {_seq + 1} here: an entry is missing or was inserted");
            if (e.PreviousHash != _previous) return Broken(e.LearnerId, e.Seq, "its previous hash does not match the entry before it");
            if (LedgerHash.Problem(e) is { } problem) return Broken(e.LearnerId, e.Seq, problem);
            (_seq, _xp, _previous) = (e.Seq, _xp + e.Amount, e.Hash);
            return null;
        }

        public LedgerVerification Finish()
        {
            if (_learner is not null && CheckHead() is { } headProblem) return headProblem;
            // An account that claims entries but has none stored lost its whole ledger.
            foreach (var (learner, head) in heads.Where(h => !_seen.Contains(h.Key) && h.Value.Count > 0).OrderBy(h => h.Key, StringComparer.Ordinal))
                return Broken(learner, 1, $"the account records {head.Count} entries but none are stored");
            return new LedgerVerification(true, heads.Count, _entries, null);
        }

        public LedgerVerification Broken(string learnerId, long seq, string problem) =>
            new(false, _seen.Count, _entries, new BrokenLink(learnerId, seq, problem));

        private LedgerVerification? CheckHead()
        {
            if (!heads.TryGetValue(_learner!, out var head))
                return Broken(_learner!, _seq, "there is no account for these entries");
            if (head.Count != _seq || head.LastHash != _previous)
                return Broken(_learner!, _seq + 1 <= head.Count ? _seq + 1 : _seq, $"the account records {head.Count} entries but the chain has {_seq}");
            if (head.Xp != _xp)
                return Broken(_learner!, _seq, $"the account's XP ({head.Xp}) is not the sum of its entries ({_xp})");
            return null;
        }
    }
}
