using Gamified.Common;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Gamified.Storage.Orleans;

/// <summary>
/// Grain storage that reports a store away for a moment as SERVICE_UNAVAILABLE. A grain activated while PostgreSQL is
/// down fails reading its state before any grain-call filter runs; Orleans then sends the driver's exception back to the
/// calling node, which cannot deserialize an <c>NpgsqlException</c> and surfaced it as an internal error. Translated
/// here, every node's caller hears the same retryable code as for any other call that needed the database.
/// </summary>
public sealed class OutageAwareGrainStorage(IGrainStorage inner, IStoreFailures failures, ILogger<OutageAwareGrainStorage> logger)
    : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(() => inner.ReadStateAsync(stateName, grainId, grainState), "read", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(() => inner.WriteStateAsync(stateName, grainId, grainState), "write", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(() => inner.ClearStateAsync(stateName, grainId, grainState), "clear", stateName, grainId);

    private async Task Translated(Func<Task> operation, string what, string stateName, GrainId grainId)
    {
        try
        {
            await operation();
        }
        catch (Exception away) when (failures.IsUnavailable(away))
        {
            // The driver's exception stays here, in the log: it cannot cross to another node.
            logger.LogWarning(away, "Could not {What} the state {State} of {Grain}: the database is unavailable", what, stateName, grainId);
            throw new DomainException(ErrorCodes.Unavailable, "A store the server uses is unavailable right now; try again.");
        }
    }
}
