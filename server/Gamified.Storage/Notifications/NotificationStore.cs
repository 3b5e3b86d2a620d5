using System.Data.Common;
using Gamified.Common;
using Gamified.Notifications;
using Gamified.Storage.Database;

namespace Gamified.Storage.Notifications;

/// <summary>The inbox, its outbox rows and the preferences on the relational database (ops/sql/*/gamified-notifications.sql).</summary>
public sealed class NotificationStore(GamifiedDatabase database) : INotificationStore
{
    // Each row binds only its recipient (the draft's values are bound once), so 5,000 recipients make one statement of
    // 5,007 parameters: within PostgreSQL's 65,535 and SQLite's 32,766. A plan of a whole department is one statement.
    private const int RecipientsPerStatement = 5_000;

    internal const string InboxColumns = "id, recipient_id, notification_key, kind, title_zh, title_en, body_zh, body_en, link, created_at, read_at";

    public Task<IReadOnlyList<InboxEntry>> Store(IReadOnlyList<string> recipientIds, NotificationDraft draft, DeliveryPlan deliveries,
        DateTimeOffset now, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        // One order for every sender, so two transactions inserting overlapping recipients wait on each other instead of deadlocking.
        var recipients = recipientIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var added = new List<InboxEntry>();
        if (recipients.Count == 0) return (IReadOnlyList<InboxEntry>)added;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var slice in recipients.Chunk(RecipientsPerStatement))
        {
            var rows = string.Join(", ", slice.Select((_, i) => $"(@r{i}, @key, @kind, @tz, @te, @bz, @be, @link, @at)"));
            await using var command = Draft(connection.Command($"""
                INSERT INTO notifications (recipient_id, notification_key, kind, title_zh, title_en, body_zh, body_en, link, created_at)
                VALUES {rows}
                ON CONFLICT (recipient_id, notification_key) DO NOTHING
                RETURNING {InboxColumns}
                """, transaction), draft).With("at", now.ToUnixTimeMilliseconds());
            for (var i = 0; i < slice.Length; i++) command.With($"r{i}", slice[i]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) added.Add(ReadEntry(reader));
        }
        if (added.Count > 0) await Queue(connection, transaction, added, draft, deliveries, now, ct);
        await transaction.CommitAsync(ct);
        return (IReadOnlyList<InboxEntry>)added.OrderBy(e => e.Id).ToList();
    }, cancellationToken);

    /// <summary>E-mails for the new recipients who want them, and one message per robot (mentioning those who asked to be).</summary>
    private static async Task Queue(DbConnection connection, DbTransaction transaction, List<InboxEntry> added, NotificationDraft draft,
        DeliveryPlan deliveries, DateTimeOffset now, CancellationToken ct)
    {
        var robots = NotificationKinds.ForGroups(draft.Kind) ? deliveries.Robots : [];
        if (!deliveries.Email && robots.Count == 0) return;
        var choices = await Choices(connection, transaction, added.ConvertAll(e => e.RecipientId), draft.Kind, ct);
        var preference = (string id) => choices.GetValueOrDefault(id) ?? NotificationPreference.Default(draft.Kind);
        var deliveriesToQueue = new List<(DeliveryChannel Channel, string Target, string Mentions)>();
        if (deliveries.Email)
            deliveriesToQueue.AddRange(added.Where(e => preference(e.RecipientId).Email).Select(e => (DeliveryChannel.Email, e.RecipientId, "")));
        var mentions = string.Join(' ', added.Where(e => preference(e.RecipientId).Robot).Select(e => e.RecipientId));
        deliveriesToQueue.AddRange(robots.Select(robot => (robot, "group", mentions)));
        foreach (var slice in deliveriesToQueue.Chunk(RecipientsPerStatement / 2))
        {
            var rows = string.Join(", ", slice.Select((_, i) => $"(@c{i}, @t{i}, @key, @kind, @tz, @te, @bz, @be, @link, @m{i}, @at, @at)"));
            await using var command = Draft(connection.Command($"""
                INSERT INTO notification_outbox (channel, target, notification_key, kind, title_zh, title_en, body_zh, body_en, link, mentions,
                    next_attempt_at, created_at)
                VALUES {rows}
                ON CONFLICT (channel, target, notification_key) DO NOTHING
                """, transaction), draft).With("at", now.ToUnixTimeMilliseconds());
            for (var i = 0; i < slice.Length; i++)
                command.With($"c{i}", slice[i].Channel.ToString()).With($"t{i}", slice[i].Target).With($"m{i}", slice[i].Mentions);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<Dictionary<string, NotificationPreference>> Choices(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<string> userIds, NotificationKind kind, CancellationToken ct)
    {
        var choices = new Dictionary<string, NotificationPreference>(StringComparer.Ordinal);
        foreach (var slice in userIds.Chunk(RecipientsPerStatement))
        {
            var names = string.Join(", ", slice.Select((_, i) => $"@u{i}"));
            await using var command = connection.Command(
                $"SELECT user_id, email, robot FROM notification_preferences WHERE kind = @kind AND user_id IN ({names})", transaction)
                .With("kind", kind.ToString());
            for (var i = 0; i < slice.Length; i++) command.With($"u{i}", slice[i]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                choices[reader.GetString(0)] = new NotificationPreference(kind, reader.GetInt32(1) != 0, reader.GetInt32(2) != 0);
        }
        return choices;
    }

    private static DbCommand Draft(DbCommand command, NotificationDraft draft) => command
        .With("key", draft.Key).With("kind", draft.Kind.ToString())
        .With("tz", draft.Title.ZhCn).With("te", draft.Title.En).With("bz", draft.Body.ZhCn).With("be", draft.Body.En)
        .WithText("link", draft.Link);

    public Task<IReadOnlyList<InboxEntry>> Inbox(string recipientId, long? beforeId, int count, bool unreadOnly,
        CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        await using var command = connection.Command($"""
            SELECT {InboxColumns} FROM notifications
            WHERE recipient_id = @me{(beforeId is null ? "" : " AND id < @before")}{(unreadOnly ? " AND read_at IS NULL" : "")}
            ORDER BY id DESC LIMIT @count
            """).With("me", recipientId).With("count", count);
        if (beforeId is { } before) command.With("before", before);
        var entries = new List<InboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) entries.Add(ReadEntry(reader));
        return (IReadOnlyList<InboxEntry>)entries;
    }, cancellationToken);

    public Task<int> UnreadCount(string recipientId, CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
        Convert.ToInt32(await connection.Command("SELECT COUNT(*) FROM notifications WHERE recipient_id = @me AND read_at IS NULL")
            .With("me", recipientId).ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public Task<int> MarkRead(string recipientId, IReadOnlyList<long>? ids, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            if (ids is { Count: 0 }) return 0;
            // The recipient is part of every statement: another person's ids change nothing.
            var only = ids is null ? "" : $" AND id IN ({string.Join(", ", ids.Select((_, i) => $"@i{i}"))})";
            await using var command = connection.Command($"UPDATE notifications SET read_at = @at WHERE recipient_id = @me AND read_at IS NULL{only}")
                .With("me", recipientId).With("at", now.ToUnixTimeMilliseconds());
            for (var i = 0; ids is not null && i < ids.Count; i++) command.With($"i{i}", ids[i]);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task<IReadOnlyList<NotificationPreference>> Preferences(string userId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            var stored = new List<NotificationPreference>();
            await using var reader = await connection.Command("SELECT kind, email, robot FROM notification_preferences WHERE user_id = @user")
                .With("user", userId).ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                // A kind this version no longer knows is left alone.
                if (Enum.TryParse<NotificationKind>(reader.GetString(0), out var kind))
                    stored.Add(new NotificationPreference(kind, reader.GetInt32(1) != 0, reader.GetInt32(2) != 0));
            return (IReadOnlyList<NotificationPreference>)stored;
        }, cancellationToken);

    public Task SetPreferences(string userId, IReadOnlyList<NotificationPreference> preferences, DateTimeOffset now,
        CancellationToken cancellationToken = default) => database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var preference in preferences)
            await connection.Command("""
                INSERT INTO notification_preferences (user_id, kind, email, robot, updated_at) VALUES (@user, @kind, @email, @robot, @at)
                ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email, robot = excluded.robot, updated_at = excluded.updated_at
                """, transaction).With("user", userId).With("kind", preference.Kind.ToString())
                .With("email", preference.Email ? 1 : 0).With("robot", preference.Robot ? 1 : 0).With("at", now.ToUnixTimeMilliseconds())
                .ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }, cancellationToken);

    private static InboxEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Enum.Parse<NotificationKind>(reader.GetString(3)),
        new LocalizedText(reader.GetString(4), reader.GetString(5)), new LocalizedText(reader.GetString(6), reader.GetString(7)),
        reader.GetNullableString(8), reader.GetTime(9), reader.IsDBNull(10) ? null : reader.GetTime(10));
}
