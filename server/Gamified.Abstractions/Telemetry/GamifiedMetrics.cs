using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gamified.Telemetry;

/// <summary>
/// The domain's meter, <c>Gamified</c>: what the server did, in the operator's terms (docs/OPERATIONS.md, Observe). Made
/// through <see cref="IMeterFactory"/>, so each host has its own instruments (tests run several hosts in one process, and
/// the exporter keeps to its own host's). Every method is cheap on the hot path: an instrument with no listener does
/// nothing, and a recording with up to three tags allocates nothing.
/// </summary>
public sealed class GamifiedMetrics
{
    public const string MeterName = "Gamified";

    private readonly Counter<long> _statements;
    private readonly Counter<long> _awards;
    private readonly Counter<long> _xp;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly UpDownCounter<long> _connections;
    private readonly UpDownCounter<long> _subscriptions;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _forkAlarms;
    private readonly Counter<long> _witnessFailures;
    private readonly ConcurrentDictionary<string, Func<TimeSpan>> _projectionLags = new();

    public GamifiedMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _statements = meter.CreateCounter<long>("gamified.statements", "{statement}",
            "Learning statements received by recordActivity, by outcome: recorded, replayed (a retry this node answered from memory), duplicate (recorded before, answered from the ledger), rejected (invalid).");
        _awards = meter.CreateCounter<long>("gamified.awards", "{entry}",
            "Ledger entries committed, by kind: xp, badge, level_up, and the rest.");
        _xp = meter.CreateCounter<long>("gamified.xp", "{xp}", "XP awarded (the sum of the committed XP entries).");
        _batchSize = meter.CreateHistogram("gamified.group_commit.batch_size", "{row}",
            "Rows written by one group commit, by kind (ledger, audit).", advice: new InstrumentAdvice<int>
            {
                HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256],
            });
        _commitDuration = meter.CreateHistogram("gamified.group_commit.duration", "s",
            "From opening the connection to the commit of one group commit, by kind; failed batches retried in halves count once each.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            });
        meter.CreateObservableGauge("gamified.projection.lag", ObserveLags, "s",
            "How long since the projection last reached the end of the table it follows, by projection (leaderboards, analytics); 0 when caught up.");
        _connections = meter.CreateUpDownCounter<long>("gamified.websocket.connections", "{connection}", "Open GraphQL WebSocket connections.");
        _subscriptions = meter.CreateUpDownCounter<long>("gamified.websocket.subscriptions", "{subscription}", "Running GraphQL subscriptions.");
        _rateLimited = meter.CreateCounter<long>("gamified.rate_limited", "{request}",
            "Requests refused by the rate limits (429 over HTTP, an error over a WebSocket), by transport.");
        _forkAlarms = meter.CreateCounter<long>("gamified.ledger.fork_alarms", "{alarm}",
            "Signed ledger heads that do not extend the last head verified (a rewritten log), by where it was seen: node, witness.");
        _witnessFailures = meter.CreateCounter<long>("gamified.ledger.witness_failures", "{attempt}",
            "Attempts to write a signed ledger head to a witness that failed (retried), by witness: directory, http.");
    }

    public void StatementRecorded() => _statements.Add(1, new KeyValuePair<string, object?>("outcome", "recorded"));

    public void StatementReplayed() => _statements.Add(1, new KeyValuePair<string, object?>("outcome", "replayed"));

    public void StatementDuplicate() => _statements.Add(1, new KeyValuePair<string, object?>("outcome", "duplicate"));

    public void StatementRejected() => _statements.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));

    /// <summary>One committed ledger entry of <paramref name="kind"/> (the tag is the kind's stable, lower-case name).</summary>
    public void Awarded(string kind, int xp)
    {
        _awards.Add(1, new KeyValuePair<string, object?>("kind", kind));
        if (xp > 0) _xp.Add(xp);
    }

    /// <summary>One group commit of <paramref name="rows"/> rows that took <paramref name="elapsed"/>.</summary>
    public void GroupCommitted(string kind, int rows, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _batchSize.Record(rows, tag);
        _commitDuration.Record(elapsed.TotalSeconds, tag);
    }

    /// <summary>Reports <paramref name="lag"/> as the named projection's lag from now on.</summary>
    public void ObserveProjection(string projection, Func<TimeSpan> lag) => _projectionLags[projection] = lag;

    public void WebSocketOpened() => _connections.Add(1);

    public void WebSocketClosed() => _connections.Add(-1);

    public void SubscriptionStarted() => _subscriptions.Add(1);

    public void SubscriptionEnded() => _subscriptions.Add(-1);

    public void RateLimited(string transport) => _rateLimited.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void LedgerForkAlarm(string seenBy) => _forkAlarms.Add(1, new KeyValuePair<string, object?>("seen_by", seenBy));

    public void LedgerWitnessFailed(string witness) => _witnessFailures.Add(1, new KeyValuePair<string, object?>("witness", witness));

    private IEnumerable<Measurement<double>> ObserveLags()
    {
        foreach (var (name, lag) in _projectionLags)
            yield return new Measurement<double>(lag().TotalSeconds, new KeyValuePair<string, object?>("projection", name));
    }
}
