using System.Text.Json;
using Gamified.Audit;
using Gamified.Common;
using Gamified.Ledger.Log;
using Gamified.Telemetry;
using Microsoft.Extensions.Logging;

namespace Gamified.Api.Ledger.Witness;

/// <summary>
/// Raised when a signed head does not extend the last one verified: an error in the log, the
/// <c>gamified.ledger.fork_alarms</c> metric, and an entry in the audit log (which admins read on their audit page).
/// The log line and the metric come first, so an alarm is seen even when the database refuses the audit entry.
/// </summary>
public sealed class LedgerForkAlarm(IAuditStore audit, GamifiedMetrics metrics, ILogger<LedgerForkAlarm> logger, TimeProvider clock)
{
    /// <summary>The audit entry's action (and what the admin's page looks for).</summary>
    public const string AuditAction = "ledgerForkAlarm";

    public const string AuditActor = "system:ledger";

    private const int MaxRemembered = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, long, string), byte> _raised = new();

    /// <summary><paramref name="seenBy"/> is <c>node</c> (this node's check of the database's heads) or <c>witness</c> (a head
    /// POSTed to this server); <paramref name="origin"/> names whose log it is.</summary>
    public async Task Raise(string seenBy, string origin, LedgerCheckpoint held, LedgerCheckpoint seen, string reason)
    {
        // Once per bad head: anyone may POST a witness the same signed head again and again (heads are public to signed-in
        // users), and each repeat would otherwise be another log line, count and audit row.
        if (_raised.Count >= MaxRemembered) _raised.Clear();
        if (!_raised.TryAdd((seenBy, origin, seen.Size, seen.Root), 0)) return;
        logger.LogError("LEDGER FORK ({SeenBy}, log of {Origin}): the head of size {Size} root {Root} does not extend the head of size {HeldSize} root {HeldRoot}: {Reason}",
            seenBy, origin, seen.Size, seen.Root, held.Size, held.Root, reason);
        metrics.LedgerForkAlarm(seenBy);
        try
        {
            await audit.Append(new AuditEntry(0, clock.GetUtcNow(), AuditActor, "", AuditAction, $"{origin}@{seen.Size}", ErrorCodes.LedgerFork,
                JsonSerializer.Serialize(new { seenBy, origin, reason, held = CheckpointJson.Write(held), seen = CheckpointJson.Write(seen) }), null));
        }
        catch (Exception problem)
        {
            logger.LogError(problem, "The ledger fork alarm could not be written to the audit log");
        }
    }
}
