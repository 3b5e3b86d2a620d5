using Gamified.Common;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
            case DomainException domain:
                var error = new ExecutionError(domain.Message) { Code = domain.Code };
                if (domain.Field is not null) error.Data["field"] = domain.Field;
                context.Exception = error;
                break;
            case var away when context.ExecutionOptions.RequestServices?.GetService<IStoreFailures>()?.IsUnavailable(away) == true:
                logger.LogWarning(context.OriginalException, "Leaderboard store unavailable");
                context.Exception = new ExecutionError("The leaderboards are unavailable right now; awards are kept and the boards will catch up.")
                {
                    Code = ErrorCodes.Unavailable,
                };
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

    public static ErrorInfoProvider Provider() => new(options =>
    {
        options.ExposeExceptionDetails = false;
        options.ExposeCode = true;
        options.ExposeCodes = false;
        options.ExposeData = true;
    });
}
