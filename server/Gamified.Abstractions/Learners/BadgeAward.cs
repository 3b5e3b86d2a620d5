namespace Gamified.Learners;

/// <summary>A badge given by hand (a manager's recognition), with the reason that the ledger keeps.</summary>
[GenerateSerializer, Immutable, Alias("gamified.BadgeAward")]
public sealed record BadgeAward(
    [property: Id(0)] string BadgeId,
    [property: Id(1)] string Reason,
    [property: Id(2)] string AwardedBy);

/// <summary>A correction of past awards: an XP entry (possibly negative) that leaves the original entries in place.</summary>
[GenerateSerializer, Immutable, Alias("gamified.Compensation")]
public sealed record Compensation(
    [property: Id(0)] int Amount,
    [property: Id(1)] string RuleId,
    [property: Id(2)] string Reason);

/// <summary>Takes back one XP award (entry <see cref="Seq"/> of the learner's ledger) with a compensating entry.</summary>
[GenerateSerializer, Immutable, Alias("gamified.AwardRevocation")]
public sealed record AwardRevocation(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Reason,
    [property: Id(2)] string RevokedBy);

/// <summary>Takes back a badge the learner holds.</summary>
[GenerateSerializer, Immutable, Alias("gamified.BadgeRevocation")]
public sealed record BadgeRevocation(
    [property: Id(0)] string BadgeId,
    [property: Id(1)] string Reason,
    [property: Id(2)] string RevokedBy);
