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
