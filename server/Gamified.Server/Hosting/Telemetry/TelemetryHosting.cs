using System.Diagnostics.Metrics;
using Gamified.Api.Security;
using Gamified.Api.Transport;
using Gamified.Common;
using Gamified.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Gamified.Server.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for the node. Metrics are always collected (cheap: the instruments exist anyway, and a counter nobody
/// reads costs a branch) and served on <c>/metrics</c>; spans are made only when an exporter is configured, so a node
/// without one pays nothing for tracing. Logs go to the console, as JSON with trace and span ids when asked.
/// </summary>
internal static class TelemetryHosting
{
    /// <summary>The meters exported besides ours: ASP.NET Core and Kestrel, Orleans, Npgsql (the runtime's come with
    /// <c>AddRuntimeInstrumentation</c>).</summary>
    private static readonly string[] Meters =
    [
        GamifiedMetrics.MeterName, "Microsoft.Orleans", "Npgsql",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
    ];

    public static TelemetryOptions AddGamifiedTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Services.AddValidatedOptions<TelemetryOptions>(builder.Configuration, TelemetryOptions.Section, o => o.Problem());

        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            // The ids land in the scope of every line written while a span is current.
            builder.Logging.Configure(o => o.ActivityTrackingOptions =
                ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        }

        if (options.MetricsPort is { } port)
        {
            // Added to the server's addresses (Urls). Kestrel:Endpoints would ignore them, and with only HTTP_PORTS set the
            // main port would move to Kestrel's default: refused rather than a metrics port silently missing or the
            // service moved.
            if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists() ||
                (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) &&
                 !string.IsNullOrWhiteSpace(builder.Configuration["http_ports"] ?? builder.Configuration["https_ports"])))
                throw new StartRefusedException("The server did not start. Telemetry:MetricsPort is added to Urls, and this server " +
                    "listens through Kestrel:Endpoints or HTTP_PORTS instead: set Urls (or leave Telemetry:MetricsPort unset and scrape " +
                    "/metrics on the main port with an admin's token).");
            var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : "http://localhost:5000";
            builder.WebHost.UseUrls($"{urls};http://{HostOf(options.MetricsAddress)}:{port}");
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddRuntimeInstrumentation().AddPrometheusExporter();
                // Instruments made through another host's IMeterFactory are that host's: in a process with several hosts
                // (the tests) each exports its own, so one node's counters are never another's.
                ((IDeferredMeterProviderBuilder)metrics).Configure((services, provider) =>
                {
                    var own = services.GetRequiredService<IMeterFactory>();
                    provider.AddView(instrument => instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, own)
                        ? MetricStreamConfiguration.Drop
                        : null);
                });
                if (options.Otlp.Endpoint is not null) metrics.AddOtlpExporter(o => Configure(o, options.Otlp, "v1/metrics"));
            });

        if (options.Traces)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path))
                    .AddSource(GraphQLTracing.SourceName, Gamified.Storage.Database.StorageTracing.SourceName, ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.StorageActivitySourceName)
                    .AddNpgsql();
                var batch = new BatchExportProcessorOptions<System.Diagnostics.Activity>
                {
                    ScheduledDelayMilliseconds = (int)options.TraceExportDelay.TotalMilliseconds,
                };
                if (options.Otlp.Endpoint is not null)
                    tracing.AddOtlpExporter(o =>
                    {
                        Configure(o, options.Otlp, "v1/traces");
                        o.BatchExportProcessorOptions = batch;
                    });
            });
        }
        return options;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text: on the main port to an admin's bearer token only (the same authentication as
    /// /graphql), and to anyone on <c>Telemetry:MetricsPort</c>, which is for a private network. Call after authentication.
    /// </summary>
    public static void UseGamifiedMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null,
            predicate: http => http.Request.Path == "/metrics",
            path: null,
            configureBranchedPipeline: branch => branch.Use(async (http, next) =>
            {
                var refusal = options.MetricsPort == http.Connection.LocalPort ? null : Refusal(new Caller(http.User));
                if (refusal is null)
                {
                    await next(http);
                    return;
                }
                if (refusal.Value.Status == StatusCodes.Status401Unauthorized) http.Response.Headers.WWWAuthenticate = "Bearer";
                await Gamified.Api.Exports.ExportProblems.Problem(refusal.Value.Status, refusal.Value.Code, refusal.Value.Message).ExecuteAsync(http);
            }),
            optionsName: null);
    }

    /// <summary>The metrics port serves <c>/metrics</c> and nothing else: it has no token check of its own, and the API,
    /// pages and sign-in belong on the main port only. Call first, before anything answers a request.</summary>
    public static void UseGamifiedMetricsPort(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TelemetryOptions>().MetricsPort is not { } port) return;
        app.Use(async (http, next) =>
        {
            if (http.Connection.LocalPort == port && http.Request.Path != "/metrics")
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(http);
        });
    }

    private static (int Status, string Code, string Message)? Refusal(Caller caller) =>
        !caller.IsAuthenticated ? (StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Send an admin's bearer token.")
        : !caller.IsAdmin ? (StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "The metrics are for admins.")
        : null;

    /// <summary>Probes and scrapes every few seconds would drown the traces that matter.</summary>
    private static bool IsProbeOrScrape(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    /// <summary>gRPC takes the collector's address as it is; over HTTP each signal has its own path under it, which the
    /// exporter adds only to an address it read from OTEL_ variables, not to one set here.</summary>
    private static void Configure(OtlpExporterOptions exporter, OtlpOptions options, string signalPath)
    {
        var http = options.Protocol == "http/protobuf";
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        exporter.Endpoint = http ? new Uri(options.Endpoint!.AbsoluteUri.TrimEnd('/') + "/" + signalPath) : options.Endpoint!;
        if (!string.IsNullOrWhiteSpace(options.Headers)) exporter.Headers = options.Headers;
    }

    private static string HostOf(string address) =>
        System.Net.IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
}
