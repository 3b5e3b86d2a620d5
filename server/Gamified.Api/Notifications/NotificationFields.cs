using Gamified.Api.Common;
using Gamified.Api.Security;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Notifications;

public static class NotificationFields
{
    public static void AddNotificationQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<NotificationConnectionType>>("notifications")
            .Description("Your notifications, newest first, with how many are unread.")
            .Authorize()
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .Argument<BooleanGraphType>("unreadOnly", "Only unread ones (default false).")
            .ResolveAsync(async c => await c.Service<NotificationService>().Page(c.Caller(), c.GetArgument<int?>("first"),
                c.GetArgument<string?>("after"), c.GetArgument("unreadOnly", false), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationPreferenceType>>>>("notificationPreferences")
            .Description("How you hear of each kind of notification (the defaults where you chose nothing).")
            .Authorize()
            .ResolveAsync(async c => await c.Service<NotificationService>().Preferences(c.Caller(), c.CancellationToken));
    }

    public static void AddNotificationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<NotificationsReadType>>("markNotificationsRead")
            .Description("Marks your notifications read: those of ids (at most 100), or all of them.")
            .Authorize()
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("ids")
            .Argument<BooleanGraphType>("all", "true: every one of your notifications.")
            .ResolveAsync(async c => await c.Service<NotificationService>().MarkRead(c.Caller(), c.GetArgument<List<string>?>("ids"),
                c.GetArgument("all", false), c.CancellationToken));
        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationPreferenceType>>>>("setNotificationPreferences")
            .Description("Changes how you hear of the kinds named (e-mail, and robot mentions where the robot posts the kind).")
            .Authorize()
            .Argument<NonNullGraphType<SetNotificationPreferencesInputType>>("input")
            .PayloadResult("preferences")
            .ResolveAsync(async c => await c.Service<NotificationService>().SetPreferences(c.Caller(),
                c.GetArgument<SetNotificationPreferencesInput>("input").Preferences, c.CancellationToken));
    }
}
