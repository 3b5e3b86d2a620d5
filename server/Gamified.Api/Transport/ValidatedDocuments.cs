using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace Gamified.Api.Transport;

/// <summary>
/// Documents that passed validation once, by their text, so a repeated query (clients send the same few
/// documents with different variables) is neither parsed nor run through the schema-only validation rules
/// again. What depends on the request still runs every time: the rules the GraphQL builder adds to every
/// execution (authorization by the caller's roles, depth and cost, introspection) and the coercion of the
/// variables. Bounded: once full, further documents are simply not remembered.
/// </summary>
public sealed class ValidatedDocuments(int capacity = 1_000)
{
    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public int Count => _documents.Count;

    public GraphQLDocument? Find(string query) => _documents.GetValueOrDefault(query);

    public void Remember(string query, GraphQLDocument document)
    {
        if (_documents.Count < capacity) _documents.TryAdd(query, document);
    }
}
