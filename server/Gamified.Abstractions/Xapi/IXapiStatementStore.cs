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
    string StoredBy);

/// <summary>A stored statement. <see cref="Position"/> is the order of storing, which is the order the statements
/// resource pages in; <see cref="Voided"/> once a voiding statement named it.</summary>
public sealed record XapiStatementRow(long Position, NewXapiStatement Statement, bool Voided);

/// <summary>The filters of a statements query (xAPI 1.0.3, 7.2.3); voided statements are never among the results.</summary>
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
    string? OnlyStoredBy);

/// <summary>What storing a batch did: all stored, or nothing stored and the ids that already existed with other content.</summary>
public sealed record XapiStoreOutcome(IReadOnlyList<Guid> Conflicts);

/// <summary>The LRS's statements. A batch is stored all or nothing, and an id is stored once.</summary>
public interface IXapiStatementStore
{
    /// <summary>
    /// Stores the batch in one transaction. A statement whose id is stored already with the same JSON (compared by the
    /// caller's <paramref name="sameContent"/>) is skipped; with other content, nothing of the batch is stored and its
    /// id is returned as a conflict. The statements a batch voids are marked voided in the same transaction.
    /// </summary>
    Task<XapiStoreOutcome> Store(IReadOnlyList<NewXapiStatement> statements, Func<string, string, bool> sameContent,
        CancellationToken cancellationToken = default);

    Task<XapiStatementRow?> Find(Guid id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<XapiStatementRow>> Query(XapiStatementQuery query, CancellationToken cancellationToken = default);
}
