using Gamified.Common;
using StackExchange.Redis;

namespace Gamified.Storage;

/// <summary>Redis being away is a passing outage: awards are kept in the database and the boards catch up.</summary>
public sealed class StoreFailures : IStoreFailures
{
    public bool IsUnavailable(Exception exception) => exception is RedisException;
}
