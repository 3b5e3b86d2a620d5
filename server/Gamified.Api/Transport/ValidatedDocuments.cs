using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Gamified.Api.Transport;

/// <summary>
/// Documents that passed validation once, by their text, so a repeated query (clients send the same few
/// documents with different variables) is neither parsed nor run through the schema-only validation rules
/// again. What depends on the request still runs every time: the rules the GraphQL builder adds to every
/// execution (authorization by the caller's roles, depth and cost, introspection) and the coercion of the
/// variables. Bounded by an estimate of the memory held (<see cref="GraphQLHttpOptions.ValidatedDocumentCacheBytes"/>),
/// the least recently used documents leaving first, so whatever fills it early cannot pin it; only signed-in
/// callers' documents are remembered (the endpoint's rule), so anonymous clients cannot churn it either.
/// </summary>
public sealed class ValidatedDocuments(IOptions<GraphQLHttpOptions> options)
{
    /// <summary>Estimated bytes held per character of a document: its text (UTF-16) and its syntax tree.</summary>
    public const int BytesPerCharacter = 10;

    private readonly long _capacity = Math.Max(0, options.Value.ValidatedDocumentCacheBytes);
    private readonly Dictionary<string, LinkedListNode<(string Query, GraphQLDocument Document)>> _byQuery = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Query, GraphQLDocument Document)> _recency = new();   // most recently used first
    private long _bytes;

    public int Count
    {
        get { lock (_recency) return _byQuery.Count; }
    }

    /// <summary>The estimated memory held, never above the configured capacity.</summary>
    public long Bytes
    {
        get { lock (_recency) return _bytes; }
    }

    public GraphQLDocument? Find(string query)
    {
        lock (_recency)
        {
            if (!_byQuery.TryGetValue(query, out var node)) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Document;
        }
    }

    public void Remember(string query, GraphQLDocument document)
    {
        var cost = Cost(query);
        if (cost > _capacity) return;
        lock (_recency)
        {
            if (_byQuery.ContainsKey(query)) return;
            _byQuery[query] = _recency.AddFirst((query, document));
            _bytes += cost;
            while (_bytes > _capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byQuery.Remove(oldest.Value.Query);
                _bytes -= Cost(oldest.Value.Query);
            }
        }
    }

    private static long Cost(string query) => (long)query.Length * BytesPerCharacter;
}
