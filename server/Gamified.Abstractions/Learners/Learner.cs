using Gamified.Ledger;

namespace Gamified.Learners;

/// <summary>How a learner appears on public boards (PRODUCT.md, privacy).</summary>
public enum PublicVisibility
{
    RealName,
    Pseudonym,
    Hidden,
}

[GenerateSerializer, Immutable, Alias("gamified.RegisterLearner")]
public sealed record RegisterLearner(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string DepartmentId,
    [property: Id(2)] PublicVisibility Visibility);

[GenerateSerializer, Immutable, Alias("gamified.LearnerProfile")]
public sealed record LearnerProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string DepartmentId,
    [property: Id(3)] IReadOnlyList<string> TeamIds,
    [property: Id(4)] PublicVisibility Visibility,
    [property: Id(5)] string Pseudonym,
    [property: Id(6)] DateTimeOffset RegisteredAt,
    [property: Id(7)] bool Active = true,
    [property: Id(8)] string? Email = null,
    [property: Id(9)] string? Phone = null,
    [property: Id(10)] IReadOnlyList<string>? Roles = null,
    [property: Id(11)] DateTimeOffset? PersonalDataErasedAt = null);

[GenerateSerializer, Immutable, Alias("gamified.EarnedBadge")]
public sealed record EarnedBadge(
    [property: Id(0)] string BadgeId,
    [property: Id(1)] DateTimeOffset AwardedAt,
    [property: Id(2)] string Reason,
    [property: Id(3)] long LedgerSeq,
    [property: Id(4)] string? SchemeId = null,
    [property: Id(5)] int? SchemeVersion = null,
    [property: Id(6)] string? RuleId = null);

[GenerateSerializer, Immutable, Alias("gamified.CompletedChallenge")]
public sealed record CompletedChallenge(
    [property: Id(0)] string ChallengeId,
    [property: Id(1)] DateTimeOffset CompletedAt,
    [property: Id(2)] int Points,
    [property: Id(3)] int? WinnerRank);

/// <summary>Everything the API shows about a learner; XP and badges are derived from the ledger.</summary>
[GenerateSerializer, Immutable, Alias("gamified.LearnerSnapshot")]
public sealed record LearnerSnapshot(
    [property: Id(0)] LearnerProfile Profile,
    [property: Id(1)] long Xp,
    [property: Id(2)] LevelInfo Level,
    [property: Id(3)] IReadOnlyList<EarnedBadge> Badges,
    [property: Id(4)] IReadOnlyList<CompletedChallenge> Challenges,
    [property: Id(5)] long LedgerLength);
