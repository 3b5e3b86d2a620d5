using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Cmi5;

/// <summary>One launch of an AU: who, which course version and AU, under which registration.</summary>
[GenerateSerializer, Immutable, Alias("Cmi5Session")]
public sealed record Cmi5Session(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string LearnerId,
    [property: Id(2)] string PackageId,
    [property: Id(3)] string Version,
    [property: Id(4)] string AuId,
    [property: Id(5)] Guid Registration,
    [property: Id(6)] DateTimeOffset LaunchedAt,
    [property: Id(7)] string MoveOn,
    [property: Id(8)] decimal? MasteryScore);

/// <summary>What the session made of one statement: a refusal (cmi5's order rules), or accepted and whether it satisfied the AU.</summary>
[GenerateSerializer, Immutable, Alias("Cmi5Verdict")]
public sealed record Cmi5Verdict([property: Id(0)] string? Refusal, [property: Id(1)] bool Satisfied);

/// <summary>What the fetch URL answers: the auth token, or the cmi5 error code ("1": already used, "2": refused).</summary>
[GenerateSerializer, Immutable, Alias("Cmi5FetchOutcome")]
public sealed record Cmi5FetchOutcome([property: Id(0)] string? Token, [property: Id(1)] string? ErrorCode, [property: Id(2)] string? ErrorText);

/// <summary>The registration of a learner in a cmi5 course (cmi5 section 6): made on the first launch, reused by every later one.</summary>
[Alias("ICmi5RegistrationGrain")]
public interface ICmi5RegistrationGrain : IGrainWithStringKey
{
    static string Key(string learnerId, string packageId) => GrainKeys.Of(learnerId + "|" + packageId);

    Task<Guid> Registration();

    /// <summary>Marks an AU satisfied in the registration: the AUs satisfied so far, or null when it was satisfied before.</summary>
    Task<IReadOnlyList<string>?> Satisfy(string auId);

    /// <summary>Makes a new session the AU's current one in the registration; answers the one it replaces, if any.</summary>
    Task<Guid?> ReplaceSession(string auId, Guid sessionId);
}

/// <summary>
/// A launch session, keyed by its id. It holds the one-time fetch key and, once fetched, the token's hash: the fetch URL
/// answers once, and the token is worth something only on the LRS, for this learner, registration and session, until it expires.
/// </summary>
[Alias("ICmi5SessionGrain")]
public interface ICmi5SessionGrain : IGrainWithGuidKey
{
    Task Open(Cmi5Session session, string fetchKeyHash);

    Task<Cmi5FetchOutcome> Fetch(string fetchKey);

    /// <summary>
    /// Holds a statement of this session to cmi5's order (section 9.3): initialized first and once, at most one completed and
    /// one passed or failed (judged against masteryScore), terminated last, nothing after it. A statement id seen before is
    /// accepted again (a retry), changing nothing.
    /// </summary>
    Task<Cmi5Verdict> Accept(Guid statementId, string verbId, bool? success, decimal? scaled);

    /// <summary>The session, once, after the AU became satisfied in it (so the LMS states satisfied once); null otherwise.</summary>
    Task<Cmi5Session?> TakeSatisfied();

    /// <summary>
    /// Ends a session a newer launch of the AU replaced: nothing more is accepted from it. Answers the session when the AU had
    /// initialized and not terminated it (the LMS then states abandoned, cmi5 9.3.6), null otherwise.
    /// </summary>
    Task<Cmi5Session?> Abandon();

    /// <summary>The session when the token is this session's and still valid; null otherwise.</summary>
    [AlwaysInterleave]
    [return: Immutable]
    Task<Cmi5Session?> Admit(string token);
}
