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
    public static void Handle(UnhandledExceptionContext context, ILogger logger)
    {
        switch (context.OriginalException)
        {
            // Orleans wraps what a grain's storage threw while activating it (OrleansException, "Error from storage
            // provider"); the refusal inside is what the caller should hear.
            case var wrapped when Refusal(wrapped) is { } domain:
                var error = new ExecutionError(domain.Message) { Code = domain.Code };
                if (domain.Field is not null) error.Data["field"] = domain.Field;
                context.Exception = error;
                break;
            case var away when context.ExecutionOptions.RequestServices?.GetService<IStoreFailures>()?.IsUnavailable(away) == true:
                logger.LogWarning(context.OriginalException, "A store is unavailable (the database or the leaderboards)");
                context.Exception = new ExecutionError("A store the server uses is unavailable right now; try again. Acknowledged awards are kept and the boards catch up.")
                {
                    Code = ErrorCodes.Unavailable,
                };
                break;
            case SiloUnavailableException or OrleansMessageRejectionException:
                // Another node of the cluster died or is leaving, and the call to a grain it held did not get through; the
                // cluster moves the grain within seconds. Safe to send again: statements are idempotent by their key.
                logger.LogWarning(context.OriginalException, "A grain call to another node failed");
                context.Exception = new ExecutionError("A server of the cluster is unavailable right now; try again.") { Code = ErrorCodes.Unavailable };
                break;
            case TimeoutException or OperationCanceledException:
                logger.LogWarning(context.OriginalException, "GraphQL field timed out");
                context.Exception = new ExecutionError("The request took too long; try again.") { Code = ErrorCodes.Unavailable };
                break;
            default:
                logger.LogError(context.OriginalException, "Unhandled error in GraphQL field {Field}", context.FieldContext?.FieldDefinition.Name);
                context.Exception = new ExecutionError("An internal error occurred.") { Code = ErrorCodes.InternalServerError };
                break;
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
