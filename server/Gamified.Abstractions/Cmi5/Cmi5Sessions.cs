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
    [property: Id(6)] DateTimeOffset LaunchedAt);

/// <summary>What the fetch URL answers: the auth token, or the cmi5 error code ("1": already used, "2": refused).</summary>
[GenerateSerializer, Immutable, Alias("Cmi5FetchOutcome")]
public sealed record Cmi5FetchOutcome([property: Id(0)] string? Token, [property: Id(1)] string? ErrorCode, [property: Id(2)] string? ErrorText);

/// <summary>The registration of a learner in a cmi5 course (cmi5 section 6): made on the first launch, reused by every later one.</summary>
[Alias("ICmi5RegistrationGrain")]
public interface ICmi5RegistrationGrain : IGrainWithStringKey
{
    static string Key(string learnerId, string packageId) => GrainKeys.Of(learnerId + "|" + packageId);

    Task<Guid> Registration();
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

    /// <summary>The session when the token is this session's and still valid; null otherwise.</summary>
    [AlwaysInterleave]
    [return: Immutable]
    Task<Cmi5Session?> Admit(string token);
}
