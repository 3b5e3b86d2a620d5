namespace Gamified.Learners;

/// <summary>A badge given by hand (a manager's recognition), with the reason that the ledger keeps.</summary>
[GenerateSerializer, Immutable, Alias("gamified.BadgeAward")]
public sealed record BadgeAward(
    [property: Id(0)] string BadgeId,
    [property: Id(1)] string Reason,
    [property: Id(2)] string AwardedBy);
