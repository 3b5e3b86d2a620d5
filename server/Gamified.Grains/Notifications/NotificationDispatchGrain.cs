using Gamified.Common;
using Gamified.Live;
using Orleans.Concurrency;

namespace Gamified.Notifications;

/// <summary>
/// Stores a notification in its recipients' inboxes with the outside deliveries their choices ask for (one transaction), then
/// tells live subscribers of each new row. A stateless worker: sends run in parallel on every node, and the store's unique
/// (recipient, key) makes a repeated or concurrent send add nothing.
/// </summary>
[StatelessWorker]
public sealed class NotificationDispatchGrain(INotificationStore store, ILiveEvents live, NotificationOptions options, TimeProvider clock)
    : Grain, INotificationDispatchGrain
{
    public const int MaxRecipients = NotificationGrains.MaxRecipientsPerSend;
    public const int MaxKeyLength = 200;
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2_000;
    public const int MaxLinkLength = 500;

    public async Task Send(IReadOnlyList<string> recipientIds, NotificationDraft draft)
    {
        var checkedDraft = Check(draft);
        if (recipientIds.Count > MaxRecipients)
            throw DomainException.BadInput("recipientIds", $"A notification goes to at most {MaxRecipients} people at once.");
        var recipients = recipientIds.Select(id => Validate.Id(id, "recipientIds")).ToList();
        var added = await store.Store(recipients, checkedDraft, options.Deliveries, clock.GetUtcNow());
        foreach (var entry in added)
            live.Publish(new NotificationReceivedEvent(entry.RecipientId, entry.Id, entry.Kind, entry.Title, entry.Body, entry.Link, entry.CreatedAt));
    }

    /// <summary>Senders are our own code, but a draft still passes the checks an input would: it reaches inboxes, mail and chats.</summary>
    public static NotificationDraft Check(NotificationDraft draft)
    {
        var key = Validate.Name(draft.Key, "draft.key", MaxKeyLength);
        if (!Enum.IsDefined(draft.Kind)) throw DomainException.BadInput("draft.kind", "Unknown notification kind.");
        var link = Validate.OptionalText(draft.Link, "draft.link", MaxLinkLength);
        // A path in the web app, never an address elsewhere: the link is shown as the server's own.
        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.Contains('\\')))
            throw DomainException.BadInput("draft.link", "draft.link is a path in the web app, starting with one '/'.");
        return draft with
        {
            Key = key,
            Title = Texts(draft.Title, "draft.title", (text, field) => Validate.Name(text, field, MaxTitleLength)),
            // A body may have lines; only its length is bounded.
            Body = Texts(draft.Body, "draft.body", (text, field) => Validate.OptionalText(text, field, MaxBodyLength)
                                                                    ?? throw DomainException.BadInput(field, $"{field} must not be empty.")),
            Link = link,
        };
    }

    private static LocalizedText Texts(LocalizedText? text, string field, Func<string?, string, string> check) => text is null
        ? throw DomainException.BadInput(field, $"{field} is required.")
        : new LocalizedText(check(text.ZhCn, field + ".zhCN"), check(text.En, field + ".en"));
}
