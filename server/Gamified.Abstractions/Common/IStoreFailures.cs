namespace Gamified.Common;

/// <summary>
/// Tells a store that is away for now (the board store while Redis restarts) from a fault, so the API can answer
/// "unavailable, try again" without knowing which client library the store uses.
/// </summary>
public interface IStoreFailures
{
    bool IsUnavailable(Exception exception);
}
