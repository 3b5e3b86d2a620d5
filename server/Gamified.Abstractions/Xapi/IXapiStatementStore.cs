namespace Gamified.Xapi;

/// <summary>
/// A statement to store, as the Learning Record Store decided it: the full JSON it returns (with <c>stored</c>,
/// <c>authority</c> and <c>version</c> set by the LRS), the columns its queries filter on, and who vouches for it.
/// </summary>
public sealed record NewXapiStatement(
    Guid Id,
    string Json,
    string ActorKey,
    string VerbId,
    string? ActivityId,
    Guid? Registration,
    Guid? VoidsId,
    DateTimeOffset Stored,
    string Attestation,
    string StoredBy,
    IReadOnlyList<XapiReference>? References = null,
    IReadOnlyList<XapiAttachment>? Attachments = null);

/// <summary>An attachment's content sent with a statement (Data 2.4.11), kept once per SHA-256 however many statements
/// carry it.</summary>
public sealed record XapiAttachment(string Sha2, string ContentType, byte[] Content);

/// <summary>An agent (<see cref="Agent"/>, keyed as <c>ActorKey</c>) or activity (<see cref="Activity"/>, its IRI) a statement
/// names beyond its actor and activity object. <paramref name="Main"/>: the plain <c>agent</c> filter finds it (an agent as
/// the object, a group's members); otherwise only <c>related_agents</c> / <c>related_activities</c> do.</summary>
public sealed record XapiReference(string Kind, string Key, bool Main)
{
    public const string Agent = "agent";
    public const string Activity = "activity";

    /// <summary>An attachment whose content came as a part with this statement (its sha2): what <c>attachments=true</c> answers.</summary>
    public const string Attachment = "attachment";

    /// <summary>The statement a StatementRef object targets (its id): the query filters find a statement through its target.</summary>
    public const string Statement = "statement";
}

/// <summary>A stored statement. <see cref="Position"/> is the order of storing, which is the order the statements
/// resource pages in; <see cref="Voided"/> once a voiding statement named it.</summary>
public sealed record XapiStatementRow(long Position, NewXapiStatement Statement, bool Voided);

/// <summary>The filters of a statements query (xAPI 1.0.3, Communication 2.1.3); voided statements are never among the
/// results. <c>ActorKey</c> is the <c>agent</c> filter (the actor, or an agent as the object, or anywhere with
/// <c>RelatedAgents</c>); <c>OnlyActorKey</c> and <c>OnlyStoredBy</c> are the reader's limits, not filters.</summary>
public sealed record XapiStatementQuery(
    string? ActorKey,
    string? VerbId,
    string? ActivityId,
    Guid? Registration,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    bool Ascending,
    long? AfterPosition,
    int Limit,
    string? OnlyStoredBy,
    bool RelatedAgents = false,
    bool RelatedActivities = false,
    string? OnlyActorKey = null);

/// <summary>What storing a batch did: all stored, or nothing stored and the ids that already existed with other content.</summary>
public sealed record XapiStoreOutcome(IReadOnlyList<Guid> Conflicts);

/// <summary>The LRS's statements. A batch is stored all or nothing, and an id is stored once.</summary>
public interface IXapiStatementStore
{
    /// <summary>
    /// Stores the batch, with the attachments' contents, in one transaction. A statement whose id is stored already with the same JSON (compared by the
    /// caller's <paramref name="sameContent"/>) is skipped; with other content, nothing of the batch is stored and its
    /// id is returned as a conflict. The statements a batch voids are marked voided in the same transaction.
    /// </summary>
    Task<XapiStoreOutcome> Store(IReadOnlyList<NewXapiStatement> statements, Func<string, string, bool> sameContent,
        CancellationToken cancellationToken = default);

    Task<XapiStatementRow?> Find(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The attachments whose contents came with these statements (an attachment named only by <c>fileUrl</c> has none).</summary>
    Task<IReadOnlyList<XapiAttachment>> Attachments(IReadOnlyCollection<Guid> statementIds, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<XapiStatementRow>> Query(XapiStatementQuery query, CancellationToken cancellationToken = default);
}
