using Gamified.Common;
using Npgsql;
using StackExchange.Redis;

namespace Gamified.Storage;

/// <summary>
/// A store away for a moment is a passing outage, not a fault: Redis away (awards are kept in the database and the boards
/// catch up), or PostgreSQL unreachable or restarting (each write is one transaction, and a client that cannot tell
/// whether it committed sends it again with the same idempotency key). Looked for through the inner exceptions too,
/// since grain storage wraps what the driver threw. Only the store being unreachable: an error the store answered with
/// (a Redis WRONGTYPE or out-of-memory reply, a PostgreSQL constraint) is a fault to see, not an outage to retry.
/// </summary>
public sealed class StoreFailures : IStoreFailures
{
    public bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisConnectionException or RedisTimeoutException or NpgsqlException { IsTransient: true }) return true;
            // Grain storage already said so (OutageAwareGrainStorage), and Orleans wrapped it.
            if (current is DomainException { Code: ErrorCodes.Unavailable }) return true;
        }
        return false;
    }
}
