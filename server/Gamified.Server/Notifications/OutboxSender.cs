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
        var claimedAt = clock.GetUtcNow();
        var items = await outbox.Claim(delivery.BatchSize, claimedAt, delivery.Lease, delivery.MaxAttempts, cancellationToken);
        // Past its lease another node may claim a row again and send it too. A slow mail server can make a batch outlive
        // its lease, so no send starts unless it ends (at its timeout) within the lease; the rest wait for their claim to
        // lapse and go in a later drain.
        var lastStart = claimedAt + delivery.Lease - EmailChannel.SendTimeout - TimeSpan.FromSeconds(5);
        await using var mail = email.Session();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (clock.GetUtcNow() > lastStart)
            {
                logger.LogInformation("Outbox batch stopped before its lease ends; {Left} deliveries wait for the next drain", items.Count - i);
                break;
            }
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
