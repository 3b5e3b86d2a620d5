using System.Net;

namespace Gamified.Server.Hosting.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section (docs/OPERATIONS.md, Observe).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> every span and metric carries.</summary>
    public string ServiceName { get; set; } = "gamified";

    /// <summary>Traces and metrics over OTLP; off while <see cref="OtlpOptions.Endpoint"/> is empty.</summary>
    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>The share of traces kept (a trace begun upstream keeps its caller's decision). 1: every one.</summary>
    public double TraceSampleRatio { get; set; } = 1;

    /// <summary>How long finished spans wait to be exported in one batch.</summary>
    public TimeSpan TraceExportDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A second port that serves <c>/metrics</c> to anyone who reaches it, for a scraper on a private network; the main port
    /// serves it to admins only. Null: no such port.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>The address <see cref="MetricsPort"/> listens on: loopback unless a private network address is given.</summary>
    public string MetricsAddress { get; set; } = "127.0.0.1";

    /// <summary>Log lines as JSON objects, with the trace and span ids of the request that wrote them.</summary>
    public bool JsonLogs { get; set; }

    /// <summary>A projection further behind than this makes the node unready (<c>/health/ready</c>).</summary>
    public TimeSpan MaxProjectionLag { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when some exporter takes spans: only then are spans made at all.</summary>
    public bool Traces => Otlp.Endpoint is not null;

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(ServiceName)) return "ServiceName must not be empty.";
        if (Otlp.Endpoint is { } otlp && !IsHttp(otlp))
            return $"Otlp:Endpoint '{otlp}' must be an absolute http or https address (e.g. http://collector:4317).";
        if (Otlp.Protocol is not ("grpc" or "http/protobuf"))
            return $"Otlp:Protocol '{Otlp.Protocol}' must be grpc or http/protobuf.";
        if (TraceSampleRatio is < 0 or > 1 || double.IsNaN(TraceSampleRatio))
            return "TraceSampleRatio must be between 0 and 1.";
        if (TraceExportDelay <= TimeSpan.Zero || TraceExportDelay > TimeSpan.FromMinutes(1))
            return "TraceExportDelay must be between 0 and one minute (e.g. 00:00:05).";
        if (MetricsPort is < 1 or > 65535)
            return "MetricsPort must be a TCP port (1–65535).";
        if (!IPAddress.TryParse(MetricsAddress, out _))
            return $"MetricsAddress '{MetricsAddress}' is not an IP address.";
        if (MaxProjectionLag <= TimeSpan.Zero)
            return "MaxProjectionLag must be positive (e.g. 00:05:00).";
        return null;
    }

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>The <c>Telemetry:Otlp</c> section.</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>Headers for the collector (<c>key=value,key2=value2</c>), e.g. an API key.</summary>
    public string? Headers { get; set; }
}
