using Gamified.Common;

namespace Gamified.Server.Hosting;

/// <summary>
/// A grain call that failed because a store is away for a moment (PostgreSQL restarting, Redis gone) leaves the grain as
/// a <see cref="DomainException"/> with SERVICE_UNAVAILABLE. The driver's own exception cannot cross nodes (Orleans has no
/// codec for <c>NpgsqlException</c>: the caller would get a codec error, an INTERNAL_SERVER_ERROR), and the code tells the
/// client what matters: nothing was half-written, send it again with the same idempotency key.
/// </summary>
internal sealed class StoreOutageFilter(IStoreFailures failures, ILogger<StoreOutageFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception away) when (away is not DomainException && failures.IsUnavailable(away))
        {
            logger.LogWarning(away, "{Method} failed: a store is unavailable", context.ImplementationMethod.Name);
            throw new DomainException(ErrorCodes.Unavailable, "A store the server uses is unavailable right now; try again.");
        }
    }
}
