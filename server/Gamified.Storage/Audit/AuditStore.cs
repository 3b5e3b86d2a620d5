using Gamified.Audit;
using Gamified.Storage.Database;

namespace Gamified.Storage.Audit;

public sealed class AuditStore(GamifiedDatabase database) : IAuditStore
{
    public Task Append(AuditEntry entry) => database.RunAsync(async (connection, ct) =>
    {
        await connection.Command("""
            INSERT INTO audit_log (at, actor, roles, action, target, outcome, details, client_address)
            VALUES (@at, @actor, @roles, @action, @target, @outcome, @details, @address)
            """)
            .With("at", entry.At.ToUnixTimeMilliseconds()).With("actor", Clip(entry.Actor, 256)).With("roles", Clip(entry.Roles, 256))
            .With("action", Clip(entry.Action, 64)).With("target", entry.Target is null ? null : Clip(entry.Target, 256))
            .With("outcome", Clip(entry.Outcome, 64)).With("details", entry.Details)
            .With("address", entry.ClientAddress is null ? null : Clip(entry.ClientAddress, 64))
            .ExecuteNonQueryAsync(ct);
        return true;
    });

    public Task<IReadOnlyList<AuditEntry>> Read(AuditQuery query, CancellationToken cancellationToken) => database.RunAsync(async (connection, ct) =>
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
