using Gamified.Notifications;

namespace Gamified.Server.Notifications;

/// <summary>
/// Drains the outbox once: claims a batch (rows no other node holds), sends each by its channel, and marks it sent, or
/// failed with the time of the next attempt (the retry delay doubling with each attempt, up to its maximum). What a failure
/// records is the error's message only: never a webhook's address or a password.
/// </summary>
public sealed class OutboxSender(
    INotificationOutbox outbox, NotificationOptions options, EmailChannel email, RobotChannel robots, TimeProvider clock, ILogger<OutboxSender> logger)
{
    /// <summary>Sends what is due; returns how many deliveries it claimed.</summary>
    public async Task<int> DrainOnce(CancellationToken cancellationToken)
    {
        var delivery = options.Delivery;
        var items = await outbox.Claim(delivery.BatchSize, clock.GetUtcNow(), delivery.Lease, delivery.MaxAttempts, cancellationToken);
        await using var mail = email.Session();
        foreach (var item in items)
        {
            string? note;
            try
            {
                note = item.Channel == DeliveryChannel.Email ? await email.Send(mail, item, cancellationToken) : await Post(item, cancellationToken);
            }
            catch (Exception problem) when (!cancellationToken.IsCancellationRequested)
            {
                var next = clock.GetUtcNow() + RetryDelay(item.Attempts);
                var error = Describe(problem);
                await outbox.MarkFailed(item.Id, error, next, cancellationToken);
                logger.LogWarning("Delivery {Id} by {Channel} failed (attempt {Attempt} of {Max}): {Error}", item.Id, item.Channel, item.Attempts,
                    delivery.MaxAttempts, error);
                continue;
            }
            await outbox.MarkSent(item.Id, clock.GetUtcNow(), note, cancellationToken);
        }
        return items.Count;
    }

    private async Task<string?> Post(OutboxItem item, CancellationToken cancellationToken)
    {
        await robots.Send(item, cancellationToken);
        return null;
    }

    /// <summary>The error as an operator reads it: the mail server's reply code where there is one.</summary>
    private static string Describe(Exception problem) => problem switch
    {
        MailKit.Net.Smtp.SmtpCommandException smtp => $"SMTP {(int)smtp.StatusCode}: {smtp.Message}",
        _ => $"{problem.GetType().Name}: {problem.Message}",
    };

    /// <summary>The first retry after <c>RetryDelay</c>, each later one twice as long, never longer than <c>MaxRetryDelay</c>.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var delivery = options.Delivery;
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(delivery.RetryDelay.Ticks * factor, delivery.MaxRetryDelay.Ticks));
    }
}
