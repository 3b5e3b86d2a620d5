using System.Diagnostics.Metrics;
using Gamified.Api.Ledger.Witness;
using Gamified.Telemetry;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Ledger;

/// <summary>What a test sees of one server's fork alarms: the metric (counted by a listener on that server's own meter) and
/// the audit entries an admin reads.</summary>
public sealed class ForkAlarms : IDisposable
{
    private readonly GamifiedServer _server;
    private readonly MeterListener _listener = new();
    private long _counted;

    public ForkAlarms(GamifiedServer server)
    {
        _server = server;
        // The meter factory hands back the one meter of that name, so this is the server's and no other host's.
        var meter = server.Services.GetRequiredService<IMeterFactory>().Create(GamifiedMetrics.MeterName);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "gamified.ledger.fork_alarms") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _counted, value));
        _listener.Start();
    }

    public long Counted => Interlocked.Read(ref _counted);

    /// <summary>The targets (<c>origin@size</c>) of the alarms in the audit log, newest first.</summary>
    public async Task<IReadOnlyList<string>> Audited()
    {
        var log = await _server.Client.QueryAsync("query($action: String) { auditLog(first: 20, action: $action) { edges { node { target outcome } } } }",
            new { action = LedgerForkAlarm.AuditAction });
        return [.. log["auditLog"]!["edges"]!.AsArray().Select(e => e!["node"]!["target"]!.GetValue<string>())];
    }

    public void Dispose() => _listener.Dispose();
}
