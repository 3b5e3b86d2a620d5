using Gamified.Common;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Gamified.Api.Transport;

/// <summary>
/// Turns exceptions from resolvers into client errors. A <see cref="DomainException"/> becomes an error with
/// its code and message; anything else is logged here and reaches the client only as
/// <c>INTERNAL_SERVER_ERROR</c>, with no details.
/// </summary>
public static class ErrorMapping
{
    public static void Handle(UnhandledExceptionContext context, ILogger logger) =>
        context.Exception = ToError(context.OriginalException, context.ExecutionOptions.RequestServices?.GetService<IStoreFailures>(), logger,
            context.FieldContext?.FieldDefinition.Name);

    /// <summary>
    /// What the client hears of <paramref name="exception"/>: the refusal's code and message, or a code and a safe message
    /// for a failure (logged here, with its details). Used for a whole field and for one item of a batch alike.
    /// </summary>
    public static ExecutionError ToError(Exception exception, IStoreFailures? stores, ILogger logger, string? field)
    {
        switch (exception)
        {
            // Orleans wraps what a grain's storage threw while activating it (OrleansException, "Error from storage
            // provider"); the refusal inside is what the caller should hear.
            case var wrapped when Refusal(wrapped) is { } domain:
                var error = new ExecutionError(domain.Message) { Code = domain.Code };
                if (domain.Field is not null) error.Data["field"] = domain.Field;
                return error;
            case var away when stores?.IsUnavailable(away) == true:
                logger.LogWarning(exception, "A store is unavailable (the database or the leaderboards)");
                return new ExecutionError("A store the server uses is unavailable right now; try again. Acknowledged awards are kept and the boards catch up.")
                {
                    Code = ErrorCodes.Unavailable,
                };
            case SiloUnavailableException or OrleansMessageRejectionException:
                // Another node of the cluster died or is leaving, and the call to a grain it held did not get through; the
                // cluster moves the grain within seconds. Safe to send again: statements are idempotent by their key.
                logger.LogWarning(exception, "A grain call to another node failed");
                return new ExecutionError("A server of the cluster is unavailable right now; try again.") { Code = ErrorCodes.Unavailable };
            case TimeoutException or OperationCanceledException:
                logger.LogWarning(exception, "GraphQL field timed out");
                return new ExecutionError("The request took too long; try again.") { Code = ErrorCodes.Unavailable };
            default:
                logger.LogError(exception, "Unhandled error in GraphQL field {Field}", field);
                return new ExecutionError("An internal error occurred.") { Code = ErrorCodes.InternalServerError };
        }
    }

    private static DomainException? Refusal(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is DomainException domain) return domain;
            if (current is not OrleansException) return null;
        }
        return null;
    }

    public static ErrorInfoProvider Provider() => new(options =>
    {
        options.ExposeExceptionDetails = false;
        options.ExposeCode = true;
        options.ExposeCodes = false;
        options.ExposeData = true;
    });
}
