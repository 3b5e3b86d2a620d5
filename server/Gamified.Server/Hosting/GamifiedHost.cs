using Gamified.Common;
using Gamified.Api;
using Gamified.Storage;
using Gamified.Server.Commands;
using Gamified.Server.Hosting.Telemetry;
using Gamified.Server.Identity;
using Gamified.Storage.Database;
using Gamified.Storage.Schema;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Gamified.Server.Hosting;

/// <summary>Builds and runs the server; tests use the same two steps to start it in-process.</summary>
public static class GamifiedHost
{
    /// <summary>Runs the command line: a command (<c>token</c>, <c>migrate</c>, …) or, by default, the server.</summary>
    public static Task<int> RunAsync(string[] args) => CommandLine.InvokeAsync(args, ServeAsync);

    /// <summary>The exit code of a start refused for its configuration (sysexits' EX_CONFIG): a service manager should not
    /// restart it until the configuration changes (the systemd unit says <c>RestartPreventExitStatus=78</c>).</summary>
    public const int ConfigurationError = 78;

    private static async Task<int> ServeAsync(string[] args)
    {
        try
        {
            // Disposed on the way out, after the web server and the silo have stopped (SIGTERM): the group commits then
            // drain their queues (GroupCommits.DisposeAsync), so a row queued by a call that finished late is still written.
            await using var app = Build(args);
            await StartAsync(app);
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception refused) when (refused is StartRefusedException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            // The operator's mistake, said in their terms: the message names the setting; a stack trace would bury it.
            await Console.Error.WriteLineAsync(refused.Message);
            return ConfigurationError;
        }
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the binary, wherever the server is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        var (storage, database) = builder.Services.AddGamifiedStorage(builder.Configuration);
        builder.Services.AddGamifiedDomain(builder.Configuration);
        var telemetry = builder.AddGamifiedTelemetry();
        var orleans = builder.AddGamifiedOrleans(database, telemetry.Traces);
        builder.AddGamifiedAuthentication(storage, database);
        builder.AddGamifiedRateLimits();
        builder.AddGamifiedContent();
        builder.Services.AddHostedService<DefaultSchemeSeeder>();
        builder.AddGamifiedLeaderboards();
        builder.AddGamifiedAnalytics(storage);
        Ledger.LedgerHosting.AddGamifiedLedgerLog(builder, storage);
        Notifications.NotificationHosting.AddGamifiedNotifications(builder);
        builder.Services.AddGamifiedApi(builder.Configuration, builder.Environment.IsDevelopment());
        builder.Services.AddValidatedOptions<WebOptions>(builder.Configuration, WebOptions.Section);
        builder.Services.AddValidatedOptions<ForwardedHeadersSettings>(builder.Configuration, ForwardedHeadersSettings.Section, o =>
            o.ForwardLimit < 1 ? "ForwardLimit is at least 1." : null);
        builder.Services.AddValidatedOptions<ShutdownOptions>(builder.Configuration, ShutdownOptions.Section, o => o.Problem());
        var health = builder.Services.AddHealthChecks()
            .AddCheck<ReadinessCheck>("silo-and-storage", tags: ["ready"])
            .AddCheck<ProjectionLagCheck>("projections", tags: ["ready"]);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{Gamified.Leaderboards.LeaderboardOptions.Section}:Redis"]))
            health.AddCheck<RedisCheck>("redis", tags: ["ready"]);

        var app = builder.Build();
        app.UseShutdownDrain();
        app.UseGamifiedForwardedHeaders();
        app.UseGamifiedMetricsPort();
        // Whatever escapes a handler becomes a bare 500 with a code: no stack traces, in any environment.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = InternalError.WriteAsync });
        app.UseClientDisconnects();
        app.MapWebPages();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        Gamified.Api.Cmi5.Cmi5Endpoints.UseLrsCors(app);
        app.UseAuthentication();
        app.UseGamifiedMetricsEndpoint();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapGamifiedGraphQL();
        app.MapGamifiedOrleansDashboard(orleans);
        app.MapGamifiedIdentityProvider();
        app.MapSignInConfig();
        app.MapPackageFiles();
        Gamified.Api.Exports.ReportEndpoints.MapGamifiedReports(app);
        Gamified.Api.Xapi.XapiEndpoints.MapGamifiedXapi(app);
        Gamified.Api.Cmi5.Cmi5Endpoints.MapGamifiedCmi5(app);
        Gamified.Api.Plans.RosterCsvEndpoint.MapGamifiedRosters(app);
        Gamified.Api.Exports.BadgeStatusList.MapBadgeStatusLists(app);
        Gamified.Api.Records.RecordEndpoints.MapTrainingRecords(app);
        Gamified.Api.Ledger.Witness.WitnessEndpoint.MapLedgerWitness(app);
        // Wire the event fan-out (it subscribes to Redis when configured) before anything happens.
        app.Services.GetRequiredService<Gamified.Live.ILiveEvents>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = ReadinessResponse.Write,
        });
        return app;
    }

    /// <summary>Applies the schema where configured, then starts the silo and the web server.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        SecurityRegistration.RequireIdentityProviderOutsideDevelopment(app);
        StartChecks.RequireServingSettings(app);
        var options = app.Services.GetRequiredService<StorageOptions>();
        if (options.ApplySchemaOnStart ?? options.Provider == StorageProvider.Sqlite)
            await app.Services.GetRequiredService<SchemaInstaller>().ApplyAsync(cancellationToken);
        await StartChecks.RequireAgreementWithClusterAsync(app, cancellationToken);
        await app.StartAsync(cancellationToken);
    }
}
