using System.Diagnostics;
using GraphQL;
using GraphQLParser.AST;

namespace Gamified.Api.Transport;

/// <summary>
/// A span per GraphQL operation, between the HTTP server span and the grain calls the resolvers make: named after the
/// operation (<c>RecordActivity</c>), or after its type when the document names none, as OpenTelemetry's GraphQL
/// conventions have it. Nothing is made, not even the name, unless a tracer listens to <see cref="SourceName"/>.
/// </summary>
public static class GraphQLTracing
{
    public const string SourceName = "Gamified.GraphQL";

    private static readonly ActivitySource Source = new(SourceName);

    public static System.Diagnostics.Activity? Start(GraphQLDocument document, string? operationName, string transport)
    {
        if (!Source.HasListeners()) return null;
        var operation = GraphQLHttpEndpoint.SelectOperation(document, operationName);
        var type = operation?.Operation switch
        {
            OperationType.Mutation => "mutation",
            OperationType.Subscription => "subscription",
            _ => "query",
        };
        var name = operation?.Name?.StringValue;
        var activity = Source.StartActivity(string.IsNullOrEmpty(name) ? type : name, ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag("graphql.operation.type", type);
        if (!string.IsNullOrEmpty(name)) activity.SetTag("graphql.operation.name", name);
        activity.SetTag("graphql.transport", transport);
        return activity;
    }

    /// <summary>Marks the span failed when the result carries errors, with the first error's code.</summary>
    public static void End(System.Diagnostics.Activity? activity, ExecutionResult result)
    {
        if (activity is null || result.Errors is not { Count: > 0 } errors) return;
        activity.SetStatus(ActivityStatusCode.Error, errors[0].Code);
        activity.SetTag("graphql.errors", errors.Count);
    }
}
