using System.Text.Json.Serialization;
using Gamified.Ledger;

namespace Gamified.Activity;

/// <summary>
/// What a learner did, in the shape of an xAPI statement. The actor is the learner grain's key.
/// The client supplies <see cref="IdempotencyKey"/>: the same key twice records once. <see cref="ReportedAt"/> is the
/// time the client says it happened: kept for the record, never used for scoring (the server's receive time decides
/// the day for caps, streaks, windows and campaigns, so a statement cannot be backdated into a past day's cap or an
/// ended campaign). It is stored under its xAPI name <c>timestamp</c>, as sent, so a retry without one is still the
/// same statement. <see cref="Attestation"/> and <see cref="Imported"/> are set by the server from how the statement
/// arrived (<see cref="StatementIntake"/>); they are not part of the idempotency fingerprint.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.ActivityStatement")]
public sealed record ActivityStatement(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Verb,
    [property: Id(2)] ActivityObject Object,
    [property: Id(3)] ActivityResult? Result,
    [property: Id(4)] ActivityContext? Context,
    [property: Id(5), JsonPropertyName("timestamp")] DateTimeOffset? ReportedAt,
    [property: Id(7)] Attestation Attestation,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Imported = false)
{
    /// <summary>
    /// The time that decides the day for caps, streaks, windows and campaigns: the server's receipt, except for an
    /// administrator's import of past activity, whose reported time is honoured (imports are audited).
    /// </summary>
    public DateTimeOffset ScoredAt(DateTimeOffset receivedAt) => Imported && ReportedAt is { } reported ? reported : receivedAt;

    /// <summary>The kind of witness whose daily total this statement's awards count toward (an import counts toward none).</summary>
    public Attestation? CapsAs() => Imported ? null : Attestation;
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
    [property: Id(4)] IReadOnlyList<LedgerEntry> Entries,
    [property: Id(5)] Attestation Attestation);
