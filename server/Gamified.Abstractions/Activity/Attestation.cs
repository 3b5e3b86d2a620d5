using System.Text.Json.Serialization;

namespace Gamified.Activity;

/// <summary>
/// Who vouches for a statement. The server sets it from how the statement arrived, never from what a client says.
/// Reward rules score <see cref="Server"/>, <see cref="LaunchSession"/> and <see cref="Manager"/> statements by
/// default; a <see cref="SelfReported"/> statement scores only under a rule that names it, with that rule's own cap.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Attestation>))]
public enum Attestation
{
    /// <summary>A learner's claim about themselves: recorded and shown as such.</summary>
    SelfReported = 0,

    /// <summary>Stated by a grain from what it graded or witnessed: a package's tests, lesson time, a check-in, a brainstorm's result.</summary>
    Server = 1,

    /// <summary>Reported by external content inside a launch session the server issued (cmi5); reserved for that intake.</summary>
    LaunchSession = 2,

    /// <summary>Recorded by a manager of the learner's department, or an administrator, for someone else.</summary>
    Manager = 3,
}

public static class Attestations
{
    /// <summary>
    /// What a rule scores when it names no attestations: what the server itself witnessed. A manager competes through
    /// their department, so their statements score only under a rule that names <see cref="Attestation.Manager"/>, with
    /// its own small cap; a learner's own claims likewise under one that names <see cref="Attestation.SelfReported"/>.
    /// </summary>
    public static readonly IReadOnlyList<Attestation> Witnessed = [Attestation.Server, Attestation.LaunchSession];

    /// <summary>
    /// Whether the statement counts as witnessed: the server's or a launch session's own, or an administrator's import
    /// of the organisation's records. Default rules, result badges (perfect score, completions), streaks and the analytics'
    /// scores read only these.
    /// </summary>
    public static bool IsWitnessed(this ActivityStatement statement) =>
        statement.Attestation is Attestation.Server or Attestation.LaunchSession || statement.Imported;
}
