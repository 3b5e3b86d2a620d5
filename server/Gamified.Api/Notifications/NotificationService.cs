using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Notifications;

namespace Gamified.Api.Notifications;

public sealed record NotificationEdge(string Cursor, InboxEntry Node);

public sealed record NotificationConnection(IReadOnlyList<NotificationEdge> Edges, PageInfo PageInfo, int UnreadCount);

public sealed record NotificationsRead(int Marked, int UnreadCount);

/// <summary>The caller's own inbox and choices, straight from the store: every read and write is scoped to the caller's id.</summary>
public sealed class NotificationService(INotificationStore store, TimeProvider clock)
{
    private const string Kind = "notification";
    public const int MaxIdsPerCall = 100;

    /// <summary>The person behind the call; a service account has no inbox.</summary>
    public static string Owner(Caller caller) => caller is { IsService: false, Subject: { } subject }
        ? subject
        : throw Caller.Forbidden("Notifications belong to people; a service account has none.");

    public async Task<NotificationConnection> Page(Caller caller, int? first, string? after, bool unreadOnly, CancellationToken cancellationToken)
    {
        var me = Owner(caller);
        var size = Paging.CheckFirst(first);
        var before = after is null ? (long?)null : Paging.Position(Kind, after);
        var rows = await store.Inbox(me, before, size + 1, unreadOnly, cancellationToken);
        var edges = rows.Take(size).Select(e => new NotificationEdge(Paging.Cursor(Kind, e.Id), e)).ToList();
        return new NotificationConnection(edges, PageInfo.Forward(edges.ConvertAll(e => e.Cursor), rows.Count > size, after),
            await store.UnreadCount(me, cancellationToken));
    }

    public async Task<NotificationsRead> MarkRead(Caller caller, IReadOnlyList<string>? ids, bool all, CancellationToken cancellationToken)
    {
        var me = Owner(caller);
        if (all == (ids is not null))
            throw DomainException.BadInput("ids", "Give ids, or all: true, not both.");
        if (ids is { Count: > MaxIdsPerCall })
            throw DomainException.BadInput("ids", $"At most {MaxIdsPerCall} ids at once (or all: true).");
        var numbers = ids?.Select(id => long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw DomainException.BadInput("ids", $"'{id}' is not a notification id.")).Distinct().ToList();
        var marked = await store.MarkRead(me, numbers, clock.GetUtcNow(), cancellationToken);
        return new NotificationsRead(marked, await store.UnreadCount(me, cancellationToken));
    }

    public async Task<IReadOnlyList<NotificationPreference>> Preferences(Caller caller, CancellationToken cancellationToken) =>
        NotificationKinds.Effective(await store.Preferences(Owner(caller), cancellationToken));

    public async Task<IReadOnlyList<NotificationPreference>> SetPreferences(Caller caller, IReadOnlyList<NotificationPreferenceInput> input,
        CancellationToken cancellationToken)
    {
        var me = Owner(caller);
        if (input.Count == 0) throw DomainException.BadInput("input.preferences", "Give at least one kind.");
        if (input.GroupBy(p => p.Kind).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw DomainException.BadInput("input.preferences", $"{twice.Key} is given twice.");
        if (input.FirstOrDefault(p => p.Robot && !NotificationKinds.ForGroups(p.Kind)) is { } personal)
            throw DomainException.BadInput("input.preferences", $"{personal.Kind} is never posted to a group chat, so robot cannot be on for it.");
        await store.SetPreferences(me, input.Select(p => new NotificationPreference(p.Kind, p.Email, p.Robot)).ToList(), clock.GetUtcNow(), cancellationToken);
        return await Preferences(caller, cancellationToken);
    }
}
