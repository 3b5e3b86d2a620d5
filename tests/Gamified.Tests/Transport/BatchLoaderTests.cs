using Gamified.Api.Common;

namespace Gamified.Tests.Transport;

/// <summary>The per-request batching loader behind list fields: a page of rows costs one load, not one per row.</summary>
[Trait("Category", "Unit")]
public sealed class BatchLoaderTests
{
    [Fact]
    public async Task keys_asked_for_before_the_first_result_is_read_load_in_one_batch_and_each_key_once()
    {
        var asked = new List<IReadOnlyCollection<string>>();
        var loader = new BatchLoader<string, int>((keys, _) =>
        {
            asked.Add(keys);
            return Task.FromResult<IReadOnlyDictionary<string, int>>(keys.ToDictionary(k => k, k => k.Length));
        });

        var results = new[] { "a", "bb", "a", "ccc" }.Select(loader.Load).ToList();
        var values = new List<int>();
        foreach (var result in results) values.Add(await result.GetResultAsync());

        Assert.Equal([1, 2, 1, 3], values);
        Assert.Single(asked);
        Assert.Equal(["a", "bb", "ccc"], asked[0]);
        Assert.Equal(1, loader.Batches);
    }

    [Fact]
    public async Task a_key_asked_for_after_a_batch_ran_starts_a_new_batch_and_a_missing_key_reads_as_default()
    {
        var loader = new BatchLoader<string, string>((keys, _) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(keys.Where(k => k != "gone").ToDictionary(k => k, k => k.ToUpperInvariant())));

        Assert.Equal("X", await loader.Load("x").GetResultAsync());
        Assert.Null(await loader.Load("gone").GetResultAsync());
        Assert.Equal("X", await loader.Load("x").Then(v => v).GetResultAsync());
        Assert.Equal(2, loader.Batches);
    }

    [Fact]
    public async Task lists_of_keys_from_several_fields_load_in_one_batch_and_keep_their_order()
    {
        var asked = new List<IReadOnlyCollection<string>>();
        var loader = new BatchLoader<string, string>((keys, _) =>
        {
            asked.Add(keys);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(keys.Where(k => k != "gone").ToDictionary(k => k, k => k.ToUpperInvariant()));
        });

        // Two teams' member lists, sharing a member, asked for before either is read.
        var first = loader.LoadMany(["wang", "li", "gone"]);
        var second = loader.LoadMany(["zhao", "wang"]);

        Assert.Equal(["WANG", "LI", null], await first.GetResultAsync());
        Assert.Equal(["ZHAO", "WANG"], await second.GetResultAsync());
        Assert.Equal(["wang", "li", "gone", "zhao"], Assert.Single(asked));
    }
}
