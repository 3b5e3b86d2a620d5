using Gamified.Common;
using Npgsql;
using StackExchange.Redis;

namespace Gamified.Storage;

/// <summary>
/// A store away for a moment is a passing outage, not a fault: Redis away (awards are kept in the database and the boards
/// catch up), or PostgreSQL unreachable or restarting (nothing of the request was committed: each write is one
/// transaction, so the client sends it again with the same idempotency key). Looked for through the inner exceptions too,
/// since grain storage wraps what the driver threw.
/// </summary>
public sealed class StoreFailures : IStoreFailures
{
    public bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisException or NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }
}
