using Gamified.Ledger;
using Gamified.Ledger.Log;
using Gamified.Storage.Database;

namespace Gamified.Storage.Ledger;

/// <summary>A head someone kept outside the database: a signed checkpoint, or a receipt (an entry's proof and its head).</summary>
public sealed record SavedHead(string Source, LedgerCheckpoint Checkpoint, LedgerInclusionProof? Receipt = null);

/// <summary>
/// The offline verifier's algorithm (docs/LEDGER.md): the chains, then the log rebuilt from the entries and statements as
/// they are now, compared leaf by leaf with the stored log and, at each saved head's size, with the root that was signed.
/// An insider who rewrites a chain consistently — hashes, account head, even the log's leaves and head — still cannot
/// make the rebuilt tree reach a root signed before the rewrite.
/// </summary>
public sealed class LedgerLogAudit(GamifiedDatabase database, ILedgerVerifier chains)
{
    /// <summary>The first inconsistency found, or null.</summary>
    public async Task<string?> FirstInconsistency(IReadOnlyList<SavedHead> saved, CancellationToken cancellationToken = default)
    {
        var verification = await chains.Verify(null, cancellationToken);
        if (verification.FirstBrokenLink is { } broken) return $"learner {broken.LearnerId}, entry {broken.Seq}: {broken.Problem}";

        return await database.RunAsync(async (connection, ct) =>
        {
            var entries = new Dictionary<(string, long), (string Hash, string? Statement)>();
            await using (var reader = await connection.Command("""
                SELECT e.learner_id, e.seq, e.hash, a.statement FROM ledger_entries e LEFT JOIN activities a ON a.activity_id = e.activity_id
                """).ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    entries[(reader.GetString(0), reader.GetInt64(1))] = (reader.GetString(2).Trim(), reader.GetNullableString(3));

            var bySize = saved.GroupBy(s => s.Checkpoint.Size).ToDictionary(g => g.Key, g => g.ToList());
            var frontier = new MerkleFrontier();
            await using (var reader = await connection.Command(
                "SELECT leaf_index, learner_id, seq, statement_hash, leaf_hash FROM ledger_log ORDER BY leaf_index").ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                {
                    var (index, learner, seq) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
                    var where = $"log leaf {index} (learner {learner}, entry {seq})";
                    if (index != frontier.Size) return $"log leaf {frontier.Size} is missing: the log has a gap";
                    if (!entries.Remove((learner, seq), out var entry)) return $"{where}: the entry is not in the ledger";
                    var statementHash = reader.GetString(3).Trim();
                    if (statementHash != LogLeaf.NoStatement && (entry.Statement is null || LogLeaf.HashStatement(entry.Statement) != statementHash))
                        return $"{where}: the statement recorded with the entry is not the one logged";
                    var leaf = new LogLeaf(learner, seq, entry.Hash, statementHash).Hash();
                    if (Convert.ToHexStringLower(leaf) != reader.GetString(4).Trim()) return $"{where}: the entry is not the one logged";
                    frontier.Append(leaf);
                    if (bySize.TryGetValue(frontier.Size, out var heads) && Mismatch(frontier, heads) is { } problem) return problem;
                }
            if (entries.Count > 0)
            {
                var (learner, seq) = entries.Keys.Order().First();
                return $"learner {learner}, entry {seq}: not in the log ({entries.Count} entries are not)";
            }
            if (saved.FirstOrDefault(s => s.Checkpoint.Size > frontier.Size) is { } longer)
                return $"{longer.Source}: signed a log of {longer.Checkpoint.Size} leaves, but it has {frontier.Size}: the log was truncated";
            foreach (var receipt in saved.Where(s => s.Receipt is not null))
                if (!receipt.Receipt!.Holds()) return $"{receipt.Source}: the receipt's proof does not lead to its head's root";
            return null;
        }, cancellationToken);
    }

    /// <summary>A saved head whose root the rebuilt tree does not reach, or a receipt for an entry that changed since.</summary>
    private static string? Mismatch(MerkleFrontier rebuilt, List<SavedHead> heads)
    {
        var root = Convert.ToHexStringLower(rebuilt.Root());
        foreach (var head in heads)
            if (head.Checkpoint.Root != root)
                return $"{head.Source}: the log's first {head.Checkpoint.Size} leaves, rebuilt from the ledger as it is now, have root {root}, " +
                       $"not the root {head.Checkpoint.Root} signed at {head.Checkpoint.SignedAt:O}: an entry or statement was rewritten";
        return null;
    }
}
