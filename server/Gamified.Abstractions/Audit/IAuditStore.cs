namespace Gamified.Audit;

public sealed record AuditEntry(
    long Position,
    DateTimeOffset At,
    string Actor,
    string Roles,
    string Action,
    string? Target,
    string Outcome,
    string Details,
    string? ClientAddress);

public sealed record AuditQuery(string? Actor, string? Action, long? BeforePosition, int Limit);

/// <summary>The append-only audit log table.</summary>
public interface IAuditStore
{
    Task Append(AuditEntry entry);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> Read(AuditQuery query, CancellationToken cancellationToken = default);
}
