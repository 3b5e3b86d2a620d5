using Gamified.Notifications;

namespace Gamified.Server.Notifications;

/// <summary>
/// Drains the outbox on every node while any outside channel is configured: at once while full batches come back, then every
/// <c>Delivery:PollInterval</c>. A store that is away is logged once when it goes and once when it returns.
/// </summary>
public sealed class OutboxLoop(OutboxSender sender, NotificationOptions options, ILogger<OutboxLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deliveries = options.Deliveries;
        if (!deliveries.Email && deliveries.Robots.Count == 0) return;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await sender.DrainOnce(stoppingToken) == options.Delivery.BatchSize)
                {
                }
                if (failing) logger.LogInformation("The notification outbox is drained again");
                failing = false;
            }
            catch (Exception problem) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing) logger.LogWarning(problem, "The notification outbox could not be read; retrying every {Interval}", options.Delivery.PollInterval);
                failing = true;
            }
            try
            {
                await Task.Delay(options.Delivery.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
