using Gamified.Api.Security;
using Gamified.Api.Transport;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Transport;

/// <summary>The cache of validated documents is bounded by memory, least recently used first, and filled only by signed-in callers.</summary>
public sealed class ValidatedDocumentCacheTests
{
    /// <summary>A valid document of about 450 characters, different for each <paramref name="n"/>.</summary>
    private static string Document(int n) => $"# document {n}{new string('.', 400)}\nquery Q{n} {{ departments {{ id }} }}";

    [Fact]
    public async Task anonymous_typename_documents_are_not_remembered()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var cache = server.Services.GetRequiredServiceOf<ValidatedDocuments>();

        for (var i = 0; i < 50; i++) (await server.Anonymous.PostAsync($"query Probe{i} {{ __typename }}")).AssertNoErrors();
        Assert.Equal(0, cache.Count);

        (await server.ClientAs("signed-in", [Roles.Learner]).PostAsync("query Mine { __typename }")).AssertNoErrors();
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task the_cache_holds_no_more_than_its_bytes_and_the_least_recently_used_leaves_first()
    {
        var capacity = 2_000 * ValidatedDocuments.BytesPerCharacter;   // four of these documents, not five
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--GraphQL:ValidatedDocumentCacheBytes={capacity}");
        var cache = server.Services.GetRequiredServiceOf<ValidatedDocuments>();
        var client = server.ClientAs("cache-filler", [Roles.Learner]);

        for (var i = 1; i <= 4; i++) (await client.PostAsync(Document(i))).AssertNoErrors();
        Assert.Equal(4, cache.Count);
        (await client.PostAsync(Document(1))).AssertNoErrors();   // used again: now the most recent
        (await client.PostAsync(Document(5))).AssertNoErrors();

        Assert.Equal(4, cache.Count);
        Assert.True(cache.Bytes <= capacity, $"{cache.Bytes} bytes held");
        Assert.Null(cache.Find(Document(2)));
        Assert.NotNull(cache.Find(Document(1)));
        Assert.NotNull(cache.Find(Document(5)));
    }
}
