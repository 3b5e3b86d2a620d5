using System.Globalization;
using System.Text;
using Gamified.Api.Common;
using Gamified.Common;
using Gamified.Ledger;

namespace Gamified.Api.Ledger;

public sealed record LedgerEdge(string Cursor, LedgerEntry Node);

public sealed record LedgerConnection(IReadOnlyList<LedgerEdge> Edges, PageInfo PageInfo, long TotalCount);

/// <summary>Reads a learner's ledger page by page, straight from the store (reads need no grain).</summary>
public sealed class LedgerService(ILedgerStore ledger)
{
    public async Task<LedgerConnection> Page(string learnerId, long totalCount, int? first, string? after, CancellationToken cancellationToken)
    {
        var size = Paging.CheckFirst(first);
        var afterSeq = after is null ? 0 : Paging.Position("ledger", after);
        // One extra row tells whether another page follows.
        var rows = await ledger.ReadEntries(learnerId, afterSeq, size + 1, cancellationToken);
        var edges = rows.Take(size).Select(e => new LedgerEdge(Paging.Cursor("ledger", e.Seq), e)).ToList();
        return new LedgerConnection(edges, PageInfo.Forward(edges.ConvertAll(e => e.Cursor), rows.Count > size, after), totalCount);
    }
}
