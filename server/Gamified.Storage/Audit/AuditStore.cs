using Gamified.Audit;
using System.Data.Common;
using Gamified.Storage.Database;
using Microsoft.Extensions.Logging;

namespace Gamified.Storage.Audit;

/// <summary>The audit log; appends are group-committed (<see cref="GroupCommits{T}"/>), so a busy hour of audited calls costs a
/// transaction per batch, not one per call, and each caller still goes on only once its entry is durable.</summary>
public sealed class AuditStore : IAuditStore, IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO audit_log (at, actor, roles, action, target, outcome, details, client_address)
        VALUES (@at, @actor, @roles, @action, @target, @outcome, @details, @address)
        """;

    private readonly GamifiedDatabase _database;
    private readonly GroupCommits<AuditEntry> _appends;

    public AuditStore(GamifiedDatabase database, TimeProvider clock, ILogger<AuditStore> logger, Gamified.Telemetry.GamifiedMetrics metrics)
    {
        _database = database;
        _appends = new GroupCommits<AuditEntry>(database, writers: 1, maxBatchSize: 256, Write, (failure, _) => failure, clock, logger,
            metrics, "audit");
    }

    public Task Append(AuditEntry entry) => _appends.Submit(entry);

    private Task Write(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, DateTimeOffset _) =>
        _database.ExecuteEachAsync(connection, transaction, InsertSql, entries.Select(Values));

    private static (string Name, object? Value)[] Values(AuditEntry entry) =>
    [
        ("at", entry.At.ToUnixTimeMilliseconds()), ("actor", Clip(entry.Actor, 256)), ("roles", Clip(entry.Roles, 256)),
        ("action", Clip(entry.Action, 64)), ("target", entry.Target is null ? null : Clip(entry.Target, 256)),
        ("outcome", Clip(entry.Outcome, 64)), ("details", entry.Details),
        ("address", entry.ClientAddress is null ? null : Clip(entry.ClientAddress, 64)),
    ];

    public ValueTask DisposeAsync() => _appends.DisposeAsync();

    public Task<IReadOnlyList<AuditEntry>> Read(AuditQuery query, CancellationToken cancellationToken) => _database.RunAsync(async (connection, ct) =>
    {
        await using var reader = await connection.Command("""
            SELECT position, at, actor, roles, action, target, outcome, details, client_address FROM audit_log
            WHERE (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action) AND position < @before
            ORDER BY position DESC LIMIT @limit
            """)
            .WithText("actor", query.Actor).WithText("action", query.Action)
            .With("before", query.BeforePosition ?? long.MaxValue).With("limit", query.Limit)
            .ExecuteReaderAsync(ct);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(ct))
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetTime(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetNullableString(5), reader.GetString(6), reader.GetString(7), reader.GetNullableString(8)));
        return (IReadOnlyList<AuditEntry>)entries;
    }, cancellationToken);

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
