using Microsoft.AspNetCore.Connections;

namespace Gamified.Server.Hosting;

/// <summary>
/// A client that goes away mid-request (the connection reset, the body cut short, a body sent too slowly) is the
/// client's doing, not a server failure: one debug line, without a stack trace, instead of the exception handler's
/// error. Kestrel reports such a read as an <see cref="IOException"/> before it marks the request aborted, so the
/// exception handler's own check (request aborted) misses it and logs an error with the stack trace.
/// </summary>
internal sealed class ClientDisconnects(RequestDelegate next, ILogger<ClientDisconnects> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception exception) when (IsClientGone(http, exception))
        {
            logger.LogDebug("{Method} {Path}: the client went away mid-request ({Reason}: {Message})",
                http.Request.Method, http.Request.Path, exception.GetType().Name, exception.Message);
            if (exception is BadHttpRequestException bad)
            {
                // The connection may still carry an answer (a client that closed its half after a short body reads on).
                if (!http.Response.HasStarted) http.Response.StatusCode = bad.StatusCode;
            }
            else
            {
                // Nobody to answer; and Kestrel, left to drain a body it already failed to read, would log an error itself.
                http.Abort();
            }
        }
    }

    private static bool IsClientGone(HttpContext http, Exception exception) => exception switch
    {
        // Kestrel's word for a request the client broke off: the body ended early, arrived too slowly or ran too long.
        BadHttpRequestException => true,
        ConnectionResetException => true,
        OperationCanceledException or IOException => http.RequestAborted.IsCancellationRequested,
        _ => false,
    };
}

internal static class ClientDisconnectsHosting
{
    /// <summary>Inside the exception handler, so what it lets through is still a 500 with a code.</summary>
    public static void UseClientDisconnects(this WebApplication app) => app.UseMiddleware<ClientDisconnects>();
}
