using Gamified.Server.Commands;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Transport;

/// <summary>
/// The GraphQL schema is a contract with every client: it is committed as schema.graphql, and a change
/// that is not also made there fails here, so it is seen in review. To accept a change on purpose:
/// <c>dotnet run --project server/Gamified.Server --no-launch-profile -- print-schema &gt; schema.graphql</c>.
/// </summary>
[Collection(SqliteServerCollection.Name)]
public sealed class SchemaSnapshotTests(SqliteServerFixture fixture)
{
    [Fact]
    public void the_served_schema_matches_the_committed_schema_graphql()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), "schema.graphql")).ReplaceLineEndings("\n");

        var served = CommandLine.Print(fixture.Server.Services);

        Assert.True(committed == served,
            "schema.graphql is out of date. If the change is intended, run: dotnet run --project server/Gamified.Server --no-launch-profile -- print-schema > schema.graphql");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gamified.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Gamified.sln not found above the test binaries.");
    }
}
