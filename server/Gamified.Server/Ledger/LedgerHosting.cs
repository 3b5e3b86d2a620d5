using Gamified.Api.Exports;
using Gamified.Api.Ledger;
using Gamified.Api.Ledger.Witness;
using Gamified.Common;
using Gamified.Ledger.Log;
using Gamified.Storage.Database;

namespace Gamified.Server.Ledger;

/// <summary>The <c>Ledger</c> configuration section.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>How often each node signs the log's head when entries were appended since the last checkpoint; zero turns
    /// the interval off (an admin can still sign with <c>signLedgerCheckpoint</c>).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}

internal static class LedgerHosting
{
    public static void AddGamifiedLedgerLog(this WebApplicationBuilder builder, StorageOptions storage)
    {
        var options = builder.Services.AddValidatedOptions<LedgerOptions>(builder.Configuration, LedgerOptions.Section,
            o => o.CheckpointInterval < TimeSpan.Zero ? "CheckpointInterval is zero (off) or more." : null);
        var credentials = builder.Configuration.GetSection(CredentialOptions.Section).Get<CredentialOptions>() ?? new CredentialOptions();
        // The organisation key is the credentials' key, read on first use as they read it (see BadgeCredentials.LoadKey).
        builder.Services.AddSingleton(sp => new LedgerCheckpoints(sp.GetRequiredService<ILedgerLog>(),
            BadgeCredentials.LoadKey(credentials, storage.DataDirectory), sp.GetRequiredService<TimeProvider>()));
        if (options.CheckpointInterval > TimeSpan.Zero) builder.Services.AddHostedService<LedgerCheckpointLoop>();

        var witness = builder.Services.AddValidatedOptions<LedgerWitnessOptions>(builder.Configuration, LedgerWitnessOptions.Section, o => o.Problem());
        builder.Services.AddSingleton<LedgerForkAlarm>();
        builder.Services.AddSingleton<LedgerHeadWatch>();
        if (!string.IsNullOrWhiteSpace(witness.ReceiveDirectory)) builder.Services.AddSingleton<WitnessReceiver>();
        if (witness.Url is { } url)
            builder.Services.AddSingleton(sp => new HttpWitness(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new Uri(url), sp.GetRequiredService<ILedgerLog>()));
        builder.Services.AddHostedService<LedgerWitnessLoop>();
    }
}

/// <summary>Signs a checkpoint every <see cref="LedgerOptions.CheckpointInterval"/> on every node; nodes that sign the same
/// size keep the first one stored, so a cluster keeps one head per size.</summary>
internal sealed class LedgerCheckpointLoop(LedgerCheckpoints checkpoints, LedgerOptions options, ILogger<LedgerCheckpointLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await checkpoints.SignNow(stoppingToken);
                }
                catch (Exception problem) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(problem, "The ledger's checkpoint could not be signed; trying again in {Interval}", options.CheckpointInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
