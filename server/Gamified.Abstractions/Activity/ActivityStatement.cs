using System.Text.Json.Serialization;
using Gamified.Ledger;

namespace Gamified.Activity;

/// <summary>
/// What a learner did, in the shape of an xAPI statement. The actor is the learner grain's key.
/// The client supplies <see cref="IdempotencyKey"/>: the same key twice records once. A null
/// <see cref="Timestamp"/> means "now"; it is part of the payload only as the client sent it, so a
/// retry without a timestamp is still the same statement. <see cref="IssuedBy"/> is set by the server only, never
/// from a client: who vouches for the statement beyond the learner.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.ActivityStatement")]
public sealed record ActivityStatement(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Verb,
    [property: Id(2)] ActivityObject Object,
    [property: Id(3)] ActivityResult? Result,
    [property: Id(4)] ActivityContext? Context,
    [property: Id(5)] DateTimeOffset? Timestamp,
    [property: Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IssuedBy = null)
{
    /// <summary>Stated by a grain from what it graded or witnessed (a package's tests and completion).</summary>
    public const string Server = "server";

    /// <summary>Recorded by an administrator through <c>recordActivity</c>.</summary>
    public const string Admin = "admin";
}

[GenerateSerializer, Immutable, Alias("gamified.ActivityObject")]
public sealed record ActivityObject(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind);

/// <summary>
/// Outcome of the activity. <see cref="Score"/> is scaled 0–100. <see cref="LearningGain"/> (−1 to 1) is set
/// only by the server, on a package's post-test, never taken from a client.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.ActivityResult")]
public sealed record ActivityResult(
    [property: Id(0)] double? Score,
    [property: Id(1)] bool? Success,
    [property: Id(2)] bool? Completion,
    [property: Id(3)] int? DurationSeconds,
    [property: Id(4)] double? LearningGain = null);

[GenerateSerializer, Immutable, Alias("gamified.ActivityContext")]
public sealed record ActivityContext(
    [property: Id(0)] string? PackageId,
    [property: Id(1)] string? PackageVersion,
    [property: Id(2)] string? ChallengeId,
    [property: Id(3)] string? TeamId);

/// <summary>
/// What recording a statement did. A replay of the same idempotency key returns the first outcome
/// with <see cref="Replayed"/> set.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.ActivityOutcome")]
public sealed record ActivityOutcome(
    [property: Id(0)] string ActivityId,
    [property: Id(1)] bool Replayed,
    [property: Id(2)] int XpAwarded,
    [property: Id(3)] long XpTotal,
    [property: Id(4)] IReadOnlyList<LedgerEntry> Entries);
