using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Rewards;

/// <summary>
/// What a reward scheme says: who it applies to, what earns points, the levels, the caps and the campaigns.
/// A scheme with no departments applies to the whole organisation.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.SchemeDefinition")]
public sealed record SchemeDefinition(
    [property: Id(0)] LocalizedText Names,
    [property: Id(1)] IReadOnlyList<string> DepartmentIds,
    [property: Id(2)] IReadOnlyList<PointRule> Rules,
    [property: Id(3)] IReadOnlyList<LevelDefinition> Levels,
    [property: Id(4)] SchemeCaps Caps,
    [property: Id(5)] IReadOnlyList<Campaign> Campaigns,
    [property: Id(6)] IReadOnlyList<BadgeDefinition> Badges)
{
    public bool IsOrganisationWide => DepartmentIds.Count == 0;

    public bool Covers(string departmentId) => IsOrganisationWide || DepartmentIds.Contains(departmentId);
}

/// <summary>
/// Matches statements (every set field must match) and awards fixed points, a multiplier of the scheme's
/// other points for the same statement, or points per unit of normalised learning gain. A rule scores statements of
/// the <see cref="Attestations"/> it names; one that names none scores what the server witnessed (and administrators'
/// imports). A rule that names <see cref="Gamified.Activity.Attestation.SelfReported"/> names only that; one that names
/// it or <see cref="Gamified.Activity.Attestation.Manager"/> has its own small <see cref="DailyCap"/>, and what learners
/// claim or managers state is capped again per learner and day across every rule and scheme.
/// </summary>
[GenerateSerializer, Immutable, Alias("gamified.PointRule")]
public sealed record PointRule(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Verb,
    [property: Id(2)] string? ObjectKind,
    [property: Id(3)] string? PackageId,
    [property: Id(4)] string? Tag,
    [property: Id(5)] double? MinScore,
    [property: Id(6)] bool? Success,
    [property: Id(7)] int? MinDurationSeconds,
    [property: Id(8)] bool? FirstAttempt,
    [property: Id(9)] IReadOnlyList<int> DaysOfWeek,
    [property: Id(10)] int Points,
    [property: Id(11)] double? Multiplier,
    [property: Id(12)] int? PointsPerGain,
    [property: Id(13)] IReadOnlyList<Gamified.Activity.Attestation>? Attestations = null,
    [property: Id(14)] int? DailyCap = null)
{
    /// <summary>The most self-reported rules may award one learner in a day: each rule, and all of them together.</summary>
    public const int MaxSelfReportedDailyCap = 50;

    /// <summary>The most rules for managers' statements may award one learner in a day: each rule, and all of them together.</summary>
    public const int MaxManagerDailyCap = 100;

    public IReadOnlyList<Gamified.Activity.Attestation> Scores => Attestations is { Count: > 0 } named ? named : Gamified.Activity.Attestations.Witnessed;

    /// <summary>Whether this rule may score the statement: by its attestation, or as an import when the rule names none.</summary>
    public bool MayScore(Gamified.Activity.ActivityStatement statement) =>
        Scores.Contains(statement.Attestation) || (statement.Imported && Attestations is not { Count: > 0 });

    /// <summary>The per-learner daily cap on what rules of this attestation award together, if it has one.</summary>
    public static int? CapFor(Gamified.Activity.Attestation attestation) => attestation switch
    {
        Gamified.Activity.Attestation.SelfReported => MaxSelfReportedDailyCap,
        Gamified.Activity.Attestation.Manager => MaxManagerDailyCap,
        _ => null,
    };
}

public enum BadgeCriterion
{
    /// <summary>XP at least the threshold.</summary>
    XpThreshold,
    /// <summary>Packages completed (of a tag, when given) at least the threshold.</summary>
    Completions,
    /// <summary>A quiz scored 100.</summary>
    PerfectScore,
    /// <summary>Activity on at least threshold consecutive days (the rewards calendar), today included.</summary>
    Streak,
    /// <summary>Among the first threshold learners to complete the challenge.</summary>
    FirstToComplete,
    /// <summary>A normalised learning gain of at least threshold on a package (the given one, or any).</summary>
    LearningGain,
    /// <summary>Reached level threshold.</summary>
    LevelReached,
    /// <summary>Completed a team challenge while a member of a team with members from several departments.</summary>
    CrossDepartmentTeamChallenge,
}

/// <summary>A tier of a badge and the threshold that earns it; a badge without tiers has one, named "".</summary>
[GenerateSerializer, Immutable, Alias("gamified.BadgeTier")]
public sealed record BadgeTier([property: Id(0)] string Tier, [property: Id(1)] double Threshold);

[GenerateSerializer, Immutable, Alias("gamified.BadgeDefinition")]
public sealed record BadgeDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Names,
    [property: Id(2)] LocalizedText Descriptions,
    [property: Id(3)] string? Image,
    [property: Id(4)] BadgeCriterion Criterion,
    [property: Id(5)] IReadOnlyList<BadgeTier> Tiers,
    [property: Id(6)] string? Tag,
    [property: Id(7)] string? PackageId,
    [property: Id(8)] string? ChallengeId)
{
    /// <summary>The id a learner holds for one tier: the badge id, or badge id and tier.</summary>
    public string HeldId(BadgeTier tier) => tier.Tier.Length == 0 ? Id : $"{Id}.{tier.Tier}";
}

[GenerateSerializer, Immutable, Alias("gamified.LevelDefinition")]
public sealed record LevelDefinition([property: Id(0)] long MinXp, [property: Id(1)] LocalizedText Names);

/// <summary>Limits against gaming; null means no limit.</summary>
[GenerateSerializer, Immutable, Alias("gamified.SchemeCaps")]
public sealed record SchemeCaps(
    [property: Id(0)] int? DailyXp,
    [property: Id(1)] int? DailyXpPerRule,
    [property: Id(2)] int? MinLessonSeconds,
    [property: Id(3)] int? StatementsPerMinute)
{
    public static SchemeCaps None { get; } = new(null, null, null, null);
}

/// <summary>A time window in which the scheme's points are multiplied, for some or all of its departments.</summary>
[GenerateSerializer, Immutable, Alias("gamified.Campaign")]
public sealed record Campaign(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Names,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To,
    [property: Id(4)] IReadOnlyList<string> DepartmentIds,
    [property: Id(5)] double Multiplier);

public enum SchemeStatus
{
    Draft,
    Active,
    Archived,
}

[GenerateSerializer, Immutable, Alias("gamified.SchemeVersion")]
public sealed record SchemeVersion(
    [property: Id(0)] string SchemeId,
    [property: Id(1)] int Version,
    [property: Id(2)] SchemeDefinition Definition,
    [property: Id(3)] SchemeStatus Status,
    [property: Id(4)] DateTimeOffset? EffectiveFrom,
    [property: Id(5)] DateTimeOffset? ArchivedAt,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string CreatedBy)
{
    /// <summary>Whether this version awards at <paramref name="at"/>.</summary>
    public bool AppliesAt(DateTimeOffset at) =>
        Status != SchemeStatus.Draft && EffectiveFrom is { } from && from <= at && (ArchivedAt is null || at < ArchivedAt);
}

[GenerateSerializer, Immutable, Alias("gamified.SchemeAuditEntry")]
public sealed record SchemeAuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] int Version,
    [property: Id(4)] string? Before,
    [property: Id(5)] string? After);

[GenerateSerializer, Immutable, Alias("gamified.SchemeView")]
public sealed record SchemeView(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyList<SchemeVersion> Versions,
    [property: Id(2)] IReadOnlyList<SchemeAuditEntry> Audit);

/// <summary>One reward scheme with all its versions, keyed by scheme id.</summary>
[Alias("gamified.IRewardSchemeGrain")]
public interface IRewardSchemeGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<SchemeView> Create(SchemeDefinition definition, string actor);
    [Alias("Update")] Task<SchemeView> Update(SchemeDefinition definition, string actor);
    [Alias("Activate")] Task<SchemeView> Activate(DateTimeOffset effectiveFrom, string actor);
    [Alias("Archive")] Task<SchemeView> Archive(string actor);

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<SchemeView?> Get();
}

/// <summary>
/// Every scheme version that is or will be active, so a learner's award can be evaluated against the
/// schemes in force at the statement's time. One instance, key <see cref="Key"/>.
/// </summary>
[Alias("gamified.ISchemeRegistryGrain")]
public interface ISchemeRegistryGrain : IGrainWithStringKey
{
    public const string Key = "organisation";

    [Alias("Publish")] Task Publish(SchemeVersion version);

    [AlwaysInterleave, Alias("InForce")]
    [return: Immutable]
    Task<IReadOnlyList<SchemeVersion>> InForce();

    [AlwaysInterleave, Alias("SchemeIds")]
    [return: Immutable]
    Task<IReadOnlyList<string>> SchemeIds();

    [Alias("Register")] Task Register(string schemeId);
}
