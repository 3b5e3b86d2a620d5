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

/// <summary>
/// The LMS's <c>abandoned</c> statement about a session (cmi5 9.3.6), made outside the grains (it goes through the LRS).
/// The session grain calls it before it marks the session abandoned, so a crash in between states it again rather than never;
/// the statement id is the session's own (<see cref="AbandonedStatementId"/>), so stating it twice stores it once.
/// </summary>
public interface ICmi5AbandonedStatements
{
    Task State(Cmi5Session session, CancellationToken cancellationToken = default);

    /// <summary>The one id of a session's abandoned statement: a name-based UUID of the session id.</summary>
    static Guid AbandonedStatementId(Guid sessionId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("cmi5-abandoned:" + sessionId.ToString("D")));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);   // version 8: a name-based UUID of our own scheme
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);   // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}

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
    /// one passed or failed (judged against masteryScore), terminated last, nothing after it; the defined statements are about
    /// the AU launched (its activityId, <paramref name="activityId"/> the statement's object). A statement id seen before is
    /// accepted again (a retry), changing nothing.
    /// </summary>
    Task<Cmi5Verdict> Accept(Guid statementId, string verbId, string? activityId, bool? success, decimal? scaled);

    /// <summary>The session, once, after the AU became satisfied in it (so the LMS states satisfied once); null otherwise.</summary>
    Task<Cmi5Session?> TakeSatisfied();

    /// <summary>
    /// Ends a session a newer launch of the AU replaced: nothing more is accepted from it. When the AU had initialized and not
    /// terminated it, the session states abandoned (cmi5 9.3.6) and answers itself; null otherwise. The session's timeout
    /// (<see cref="Cmi5Options.SessionTimeout"/>, an Orleans reminder set at <see cref="Open"/>) does the same without a launch.
    /// </summary>
    Task<Cmi5Session?> Abandon();

    /// <summary>The session when the token is this session's and still valid; null otherwise.</summary>
    [AlwaysInterleave]
    [return: Immutable]
    Task<Cmi5Session?> Admit(string token);
}
