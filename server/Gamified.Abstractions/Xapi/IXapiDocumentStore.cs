namespace Gamified.Xapi;

/// <summary>The three document resources of an LRS: a learner's state in an activity, an activity's profile, an agent's profile.</summary>
public enum XapiDocumentKind
{
    State,
    ActivityProfile,
    AgentProfile,
}

/// <summary>
/// Where a document lives. Parts a kind does not use are empty: an activity profile has no agent, an agent profile no
/// activity, and only state documents have a registration (empty when the client gave none).
/// </summary>
public sealed record XapiDocumentKey(XapiDocumentKind Kind, string ActivityId, string AgentKey, string Registration, string DocumentId);

/// <summary>A stored document: its bytes as sent, their media type, and the ETag (a SHA-1 of the bytes) clients make their
/// writes conditional on.</summary>
public sealed record XapiDocument(XapiDocumentKey Key, byte[] Content, string ContentType, string Etag, DateTimeOffset Updated);

/// <summary>The LRS's documents. A write is conditional on what the caller last saw, so two clients cannot overwrite each
/// other's change unawares.</summary>
public interface IXapiDocumentStore
{
    Task<XapiDocument?> Find(XapiDocumentKey key, CancellationToken cancellationToken = default);

    /// <summary>The ids of the documents under <paramref name="key"/>'s kind, activity, agent and registration (its
    /// document id is ignored), updated after <paramref name="since"/> when given.</summary>
    Task<IReadOnlyList<string>> Ids(XapiDocumentKey key, DateTimeOffset? since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the document if it is still as the caller saw it: <paramref name="seenEtag"/> null means "there was none"
    /// (the write only inserts). False when another write came first.
    /// </summary>
    Task<bool> Write(XapiDocument document, string? seenEtag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the document if it is still as the caller saw it (<paramref name="seenEtag"/>); false otherwise.</summary>
    Task<bool> Delete(XapiDocumentKey key, string seenEtag, CancellationToken cancellationToken = default);

    /// <summary>Deletes every state document of an activity, agent and registration (the key's document id is ignored).</summary>
    Task DeleteAll(XapiDocumentKey key, CancellationToken cancellationToken = default);
}
