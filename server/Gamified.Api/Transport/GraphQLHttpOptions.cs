namespace Gamified.Api.Transport;

/// <summary>The <c>GraphQL</c> configuration section.</summary>
public sealed class GraphQLHttpOptions
{
    public const string Section = "GraphQL";

    /// <summary>Largest request body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest document accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 100_000;

    /// <summary>Deepest selection nesting accepted.</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>Highest estimated cost accepted; list fields multiply their children by <c>first</c> (default 20).</summary>
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Most top-level fields one document may ask for; each alias counts.</summary>
    public int MaxRootFields { get; set; } = 50;

    /// <summary>Most expensive fields (exports, verifications, signatures, renders) one document may ask for; each alias counts.</summary>
    public int MaxExpensiveFields { get; set; } = 5;

    /// <summary>Memory the cache of validated documents may hold, estimated in bytes (least recently used leave first).</summary>
    public long ValidatedDocumentCacheBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Answer introspection queries; defaults to on in Development only.</summary>
    public bool? EnableIntrospection { get; set; }

    /// <summary>How long a WebSocket client has to send connection_init.</summary>
    public TimeSpan WebSocketInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time limit for executing one request.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Why these limits cannot work (null: they can); checked when the server starts.</summary>
    public string? Problem() =>
        MaxBodyBytes < 1024 ? "MaxBodyBytes is at least 1024." :
        MaxQueryLength < 1 || MaxDepth < 1 || MaxComplexity < 1 ? "MaxQueryLength, MaxDepth and MaxComplexity are positive." :
        MaxRootFields < 1 || MaxExpensiveFields < 1 ? "MaxRootFields and MaxExpensiveFields are positive." :
        WebSocketInitTimeout <= TimeSpan.Zero || ExecutionTimeout <= TimeSpan.Zero ? "Timeouts are positive." : null;
}
