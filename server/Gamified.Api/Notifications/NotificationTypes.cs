using Gamified.Api.Common;
using Gamified.Notifications;
using GraphQL.Types;

namespace Gamified.Api.Notifications;

public sealed class NotificationKindType : EnumerationGraphType<NotificationKind>
{
    public NotificationKindType()
    {
        Name = "NotificationKind";
        Description = "What a notification is about; people choose per kind how they hear of it.";
    }
}

public sealed class NotificationType : ObjectGraphType<InboxEntry>
{
    public NotificationType()
    {
        Name = "Notification";
        Description = "A notification in your inbox.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field<NonNullGraphType<NotificationKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<LocalizedTextType>>("title").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<LocalizedTextType>>("body").Resolve(c => c.Source.Body);
        Field<StringGraphType>("link").Description("A path in the web app, e.g. /learner/plans.").Resolve(c => c.Source.Link);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<DateTimeOffsetGraphType>("readAt").Description("Null while unread.").Resolve(c => c.Source.ReadAt);
    }
}

public sealed class NotificationEdgeType : ObjectGraphType<NotificationEdge>
{
    public NotificationEdgeType()
    {
        Name = "NotificationEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<NotificationType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class NotificationConnectionType : ObjectGraphType<NotificationConnection>
{
    public NotificationConnectionType()
    {
        Name = "NotificationConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field(x => x.UnreadCount).Description("Your unread notifications, all of them (not only this page's).");
    }
}

public sealed class NotificationsReadType : ObjectGraphType<NotificationsRead>
{
    public NotificationsReadType()
    {
        Name = "NotificationsRead";
        Field(x => x.Marked).Description("Notifications this call marked read (ones read already, or not yours, are not counted).");
        Field(x => x.UnreadCount).Description("Your unread notifications after the call.");
    }
}

public sealed class NotificationPreferenceType : ObjectGraphType<NotificationPreference>
{
    public NotificationPreferenceType()
    {
        Name = "NotificationPreference";
        Description = "How you hear of one kind of notification. The inbox is always on: it is the record.";
        Field<NonNullGraphType<NotificationKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<BooleanGraphType>>("inApp").Description("Always true.").Resolve(_ => true);
        Field(x => x.Email).Description("An e-mail to the address on your profile (when the server sends e-mail).");
        Field(x => x.Robot).Description("Be @-mentioned, by the mobile number on your profile, when the group robot posts it.");
        Field<NonNullGraphType<BooleanGraphType>>("robotApplies")
            .Description("Whether the group robot posts this kind at all (personal notices never go to a group).")
            .Resolve(c => NotificationKinds.ForGroups(c.Source.Kind));
    }
}

public sealed class NotificationPreferenceInput
{
    public NotificationKind Kind { get; set; }
    public bool Email { get; set; } = true;
    public bool Robot { get; set; }
}

public sealed class NotificationPreferenceInputType : InputObjectGraphType<NotificationPreferenceInput>
{
    public NotificationPreferenceInputType()
    {
        Name = "NotificationPreferenceInput";
        Field(x => x.Kind, type: typeof(NonNullGraphType<NotificationKindType>));
        Field(x => x.Email);
        Field(x => x.Robot).Description("Only for kinds whose robotApplies is true.");
    }
}

public sealed class SetNotificationPreferencesInput
{
    public List<NotificationPreferenceInput> Preferences { get; set; } = [];
}

public sealed class SetNotificationPreferencesInputType : InputObjectGraphType<SetNotificationPreferencesInput>
{
    public SetNotificationPreferencesInputType()
    {
        Name = "SetNotificationPreferencesInput";
        Field(x => x.Preferences, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<NotificationPreferenceInputType>>>))
            .Description("The kinds to change; kinds not named keep their setting.");
    }
}
