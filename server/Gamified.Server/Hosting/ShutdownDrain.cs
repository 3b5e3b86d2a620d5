namespace Gamified.Server.Hosting;

/// <summary>The <c>Shutdown</c> section: how a stopping node hands its clients over to the others.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long a stopping node keeps serving before its web server stops: <c>/health/ready</c> answers 503 (a load
    /// balancer takes the node out) and every response closes its connection. Default 2 s, none in Development.
    /// </summary>
    public TimeSpan? DrainTime { get; set; }

    /// <summary>The longest drain: the host gives a stop 30 s in all (HostOptions.ShutdownTimeout), and the drain is
    /// counted in it, so the web server and the silo must keep time after it to finish requests and hand grains over.</summary>
    public static readonly TimeSpan MaximumDrain = TimeSpan.FromSeconds(15);

    public string? Problem() => DrainTime is { } drain && (drain < TimeSpan.Zero || drain > MaximumDrain)
        ? $"DrainTime {drain} must be between 0 and {MaximumDrain.TotalSeconds:0} seconds (the stop's 30 s include it)."
        : null;
}

/// <summary>
/// The drain before a node stops (SIGTERM). Without it the web server closes idle keep-alive connections at once, and a
/// client that sent a request on one at that moment sees the connection cut without knowing whether the request ran
/// (HTTP/1.1's race; the rolling-restart test saw it once in a few hundred requests). While draining, the node answers
/// every request with <c>Connection: close</c>, so each connection ends after a response the client has, and tells the
/// load balancer it is not ready; connections left idle through the whole drain are the only ones still cut, and a
/// client finds those closed before it reuses them.
/// </summary>
internal static class ShutdownDrain
{
    public static void UseShutdownDrain(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ShutdownOptions>();
        var drain = options.DrainTime ?? (app.Environment.IsDevelopment() ? TimeSpan.Zero : TimeSpan.FromSeconds(2));
        if (drain <= TimeSpan.Zero) return;
        var state = new DrainState();
        // ApplicationStopping runs before any hosted service stops, so the web server and the silo still serve while
        // this callback waits; callbacks registered later (each WebSocket's 1001) run before it.
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            state.Draining = true;
            Thread.Sleep(drain);
        });
        app.Use((context, next) =>
        {
            if (!state.Draining) return next(context);
            context.Response.Headers.Connection = "close";
            if (!context.Request.Path.Equals("/health/ready", StringComparison.OrdinalIgnoreCase)) return next(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
    }

    private sealed class DrainState
    {
        public volatile bool Draining;
    }
}
