using Orleans.Storage;

namespace Gamified.Storage.Orleans;

/// <summary>
/// Runs another grain storage on the thread pool, one operation at a time. Orleans's ADO.NET provider
/// on SQLite does its I/O synchronously; called directly, each write would block one of the silo's few
/// scheduler threads (measured: turns blocked for over a second under 256 writers). Here the grain's
/// turn awaits a task instead, and SQLite's single writer is not fought over.
/// </summary>
public sealed class OffloadedGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Task.Run(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Exclusive(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Exclusive(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private Task Exclusive(Func<Task> operation) => Task.Run(async () =>
    {
        await _gate.WaitAsync();
        try
        {
            await operation();
        }
        finally
        {
            _gate.Release();
        }
    });
}
