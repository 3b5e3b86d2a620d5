using System.Reflection;

namespace Gamified.Tests.Contract;

/// <summary>
/// The layers, read from what each assembly really references (the compiler drops references nothing uses, so a
/// project reference left in a .csproj does not fail this; a type used across a forbidden line does):
/// Abstractions (domain records, grain interfaces, store ports) ← Grains (domain logic) ← Api (GraphQL facades);
/// Storage implements the ports from Abstractions alone; only the Server, the composition root, sees everything.
/// </summary>
public sealed class LayerTests
{
    private static readonly Dictionary<string, string[]> Forbidden = new()
    {
        ["Gamified.Abstractions"] = ["Gamified.Grains", "Gamified.Storage", "Gamified.Api", "Gamified.Server", "Gamified.Plugins",
            "Npgsql", "Microsoft.Data.Sqlite", "StackExchange.Redis", "GraphQL"],
        ["Gamified.Plugins"] = ["Gamified.Abstractions", "Gamified.Grains", "Gamified.Storage", "Gamified.Api", "Gamified.Server"],
        ["Gamified.Grains"] = ["Gamified.Storage", "Gamified.Api", "Gamified.Server", "Npgsql", "Microsoft.Data.Sqlite", "StackExchange.Redis", "GraphQL"],
        ["Gamified.Storage"] = ["Gamified.Grains", "Gamified.Api", "Gamified.Server", "GraphQL"],
        ["Gamified.Api"] = ["Gamified.Storage", "Gamified.Server", "Npgsql", "Microsoft.Data.Sqlite", "StackExchange.Redis"],
    };

    public static TheoryData<string> Layers() => [.. Forbidden.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void a_layer_references_no_layer_it_must_not(string layer)
    {
        var references = Assembly.Load(layer).GetReferencedAssemblies().Select(r => r.Name!).ToHashSet(StringComparer.Ordinal);
        var crossings = Forbidden[layer].Where(references.Contains).ToList();
        Assert.True(crossings.Count == 0, $"{layer} references {string.Join(", ", crossings)}.");
    }

    [Fact]
    public void the_check_sees_the_references_that_are_allowed()
    {
        // Guards the test itself: were references not read, every layer would pass.
        Assert.Contains("Gamified.Abstractions", Assembly.Load("Gamified.Api").GetReferencedAssemblies().Select(r => r.Name));
        Assert.Contains("Gamified.Abstractions", Assembly.Load("Gamified.Storage").GetReferencedAssemblies().Select(r => r.Name));
        Assert.Contains("StackExchange.Redis", Assembly.Load("Gamified.Storage").GetReferencedAssemblies().Select(r => r.Name));
    }
}
