using Gamified.Tests.Infrastructure;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Transport;

/// <summary>The conventions every client may rely on, checked on the served schema so a new field cannot skip them.</summary>
public sealed class SchemaConventionTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public void every_mutation_answers_a_payload_named_after_it_with_a_nullable_result_and_user_errors()
    {
        var schema = Schema();
        foreach (var field in schema.Mutation!.Fields)
        {
            var payload = Assert.IsAssignableFrom<IObjectGraphType>(Assert.IsType<NonNullGraphType>(field.ResolvedType).ResolvedType);
            Assert.Equal(char.ToUpperInvariant(field.Name[0]) + field.Name[1..] + "Payload", payload.Name);
            Assert.Equal("[UserError!]!", payload.GetField("userErrors")?.ResolvedType?.ToString());
            var result = Assert.Single(payload.Fields, f => f.Name != "userErrors");
            Assert.False(result.ResolvedType is NonNullGraphType, $"{payload.Name}.{result.Name} must be null when the mutation refused.");
        }
    }

    [Fact]
    public void every_connection_has_edges_with_cursor_and_node_and_a_complete_page_info()
    {
        var schema = Schema();
        var connections = schema.AllTypes.OfType<IObjectGraphType>().Where(t => t.Name.EndsWith("Connection", StringComparison.Ordinal)).ToList();
        Assert.Contains(connections, c => c.Name == "AuditEntryConnection");
        foreach (var connection in connections)
        {
            Assert.Equal("PageInfo!", connection.GetField("pageInfo")?.ResolvedType?.ToString());
            var edge = (IObjectGraphType)connection.GetField("edges")!.ResolvedType!.GetNamedType();
            Assert.Equal(connection.Name[..^"Connection".Length] + "Edge", edge.Name);
            Assert.Equal("String!", edge.GetField("cursor")?.ResolvedType?.ToString());
            Assert.NotNull(edge.GetField("node"));
        }
        var pageInfo = (IObjectGraphType)schema.AllTypes["PageInfo"]!;
        Assert.Equal(["endCursor", "hasNextPage", "hasPreviousPage", "startCursor"], pageInfo.Fields.Select(f => f.Name).Order());
    }

    private ISchema Schema()
    {
        var schema = fixture.Server.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        return schema;
    }
}
