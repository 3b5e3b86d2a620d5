using GraphQL.DataLoader;

namespace Gamified.Api.Common;

/// <summary>
/// The smallest batching loader GraphQL.NET's executor understands (GraphQL.DataLoader is not served). Resolvers ask
/// for keys with <see cref="Load"/> and return the <see cref="IDataLoaderResult{T}"/>; the executor walks the whole level
/// of the query first and only then asks the results for their values, so the first result asked loads every key
/// collected by then in one call. A key is loaded once per loader, that is once per request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> load)
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, Task<IReadOnlyDictionary<TKey, TValue>>> _loads = [];
    private readonly List<TKey> _pending = [];

    /// <summary>How many batches this loader has run: tests read it to see that a page costs one call.</summary>
    public int Batches { get; private set; }

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_gate)
            if (!_loads.ContainsKey(key) && !_pending.Contains(key)) _pending.Add(key);
        return new Result(this, key);
    }

    /// <summary>Several keys as one result, in their order (a list field's items): they join the same batch as single keys.</summary>
    public IDataLoaderResult<IReadOnlyList<TValue?>> LoadMany(IEnumerable<TKey> keys)
    {
        var results = keys.Select(Load).ToList();
        return new ManyResult(results);
    }

    private Task<IReadOnlyDictionary<TKey, TValue>> BatchFor(TKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_loads.TryGetValue(key, out var running)) return running;
            var keys = _pending.ToList();
            if (!keys.Contains(key)) keys.Add(key);
            _pending.Clear();
            Batches++;
            var batch = load(keys, cancellationToken);
            foreach (var k in keys) _loads[k] = batch;
            return batch;
        }
    }

    private sealed class ManyResult(IReadOnlyList<IDataLoaderResult<TValue?>> results) : IDataLoaderResult<IReadOnlyList<TValue?>>
    {
        public async Task<IReadOnlyList<TValue?>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new List<TValue?>(results.Count);
            foreach (var result in results) values.Add(await result.GetResultAsync(cancellationToken));
            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) =>
            (await loader.BatchFor(key, cancellationToken)).TryGetValue(key, out var value) ? value : default;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>A loader's result turned into what a field shows, still resolved with its batch.</summary>
public sealed class MappedResult<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
{
    public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}

public static class DataLoaderResultExtensions
{
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> map) => new MappedResult<TIn, TOut>(result, map);
}
