using Gamified.Common;
using Gamified.Notifications;
using Gamified.Storage.Database;

namespace Gamified.Storage.Notifications;

/// <summary>The delivery queue on the relational database: claimed by lease, so several nodes drain it without sending a row twice.</summary>
public sealed class NotificationOutbox(GamifiedDatabase database) : INotificationOutbox
{
    public Task<IReadOnlyList<OutboxItem>> Claim(int max, DateTimeOffset now, TimeSpan lease, int maxAttempts,
        CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        // PostgreSQL: SKIP LOCKED lets two nodes claim at once, each passing over the rows the other is taking. SQLite has one
        // writer, so the UPDATE alone is atomic. Either way a row whose lease has not run out is nobody else's.
        var skipLocked = database.Provider == StorageProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : "";
        await using var command = connection.Command($"""
            UPDATE notification_outbox SET claimed_until = @until, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM notification_outbox
                WHERE sent_at IS NULL AND attempts < @maxAttempts AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                ORDER BY next_attempt_at, id LIMIT @max{skipLocked})
            RETURNING id, channel, target, notification_key, kind, title_zh, title_en, body_zh, body_en, link, mentions, attempts
            """).With("until", (now + lease).ToUnixTimeMilliseconds()).With("now", now.ToUnixTimeMilliseconds())
            .With("maxAttempts", maxAttempts).With("max", max);
        var items = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(new OutboxItem(reader.GetInt64(0), Enum.Parse<DeliveryChannel>(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                Enum.Parse<NotificationKind>(reader.GetString(4)), new LocalizedText(reader.GetString(5), reader.GetString(6)),
                new LocalizedText(reader.GetString(7), reader.GetString(8)), reader.GetNullableString(9),
                reader.GetString(10).Split(' ', StringSplitOptions.RemoveEmptyEntries), reader.GetInt32(11)));
        return (IReadOnlyList<OutboxItem>)items.OrderBy(i => i.Id).ToList();
    }, cancellationToken);

    public Task MarkSent(long id, DateTimeOffset at, string? note = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
            await connection.Command("UPDATE notification_outbox SET sent_at = @at, claimed_until = NULL, last_error = @note WHERE id = @id")
                .With("id", id).With("at", at.ToUnixTimeMilliseconds()).WithText("note", note).ExecuteNonQueryAsync(ct), cancellationToken);

    public Task MarkFailed(long id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
            await connection.Command("UPDATE notification_outbox SET claimed_until = NULL, last_error = @error, next_attempt_at = @next WHERE id = @id")
                .With("id", id).With("error", error.Length > 500 ? error[..500] : error).With("next", nextAttemptAt.ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(ct), cancellationToken);
}
