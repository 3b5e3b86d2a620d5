namespace Gamified.Server.Notifications;

internal static class NotificationHosting
{
    /// <summary>The outside deliveries: e-mail and group robots, drained from the outbox on every node (options bound with the domain's).</summary>
    public static void AddGamifiedNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EmailChannel>();
        builder.Services.AddSingleton<RobotChannel>();
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService<OutboxLoop>();
    }
}
