using Gamified.Api.Activity;
using Gamified.Api.Common;
using Gamified.Rewards;
using GraphQL.Types;

namespace Gamified.Api.Rewards;

public sealed class PointRuleInput
{
    public string Id { get; set; } = "";
    public string? Verb { get; set; }
    public string? ObjectKind { get; set; }
    public string? PackageId { get; set; }
    public string? Tag { get; set; }
    public double? MinScore { get; set; }
    public bool? Success { get; set; }
    public int? MinDurationSeconds { get; set; }
    public bool? FirstAttempt { get; set; }
    public List<int>? DaysOfWeek { get; set; }
    public int Points { get; set; }
    public double? Multiplier { get; set; }
    public int? PointsPerGain { get; set; }
    public List<Gamified.Activity.Attestation>? Attestations { get; set; }
    public int? DailyCap { get; set; }

    public PointRule ToRule() => new(Id, Verb, ObjectKind, PackageId, Tag, MinScore, Success, MinDurationSeconds, FirstAttempt,
        DaysOfWeek ?? [], Points, Multiplier, PointsPerGain, Attestations is { Count: > 0 } ? Attestations : null, DailyCap);
}

public sealed class PointRuleInputType : InputObjectGraphType<PointRuleInput>
{
    public PointRuleInputType()
    {
        Name = "PointRuleInput";
        Description = "A rule: every field given must match the statement. It awards points, multiplies the scheme's other points for the statement, or awards points per unit of learning gain.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Verb, type: typeof(VerbType));
        Field(x => x.ObjectKind, type: typeof(ObjectKindType));
        Field(x => x.PackageId, type: typeof(IdGraphType));
        Field(x => x.Tag, nullable: true).Description("A tag of the statement's package.");
        Field(x => x.MinScore, nullable: true);
        Field(x => x.Success, nullable: true);
        Field(x => x.MinDurationSeconds, nullable: true);
        Field(x => x.FirstAttempt, nullable: true).Description("true: only the learner's first statement with this verb and object.");
        Field(x => x.DaysOfWeek, nullable: true).Description("1 (Monday) to 7 (Sunday), in the rewards time zone.");
        Field(x => x.Points, type: typeof(IntGraphType)).DefaultValue(0);
        Field(x => x.Multiplier, nullable: true);
        Field(x => x.PointsPerGain, nullable: true).Description("Points for a normalised learning gain of 1 (pro rata).");
        Field(x => x.Attestations, type: typeof(ListGraphType<NonNullGraphType<AttestationType>>))
            .Description("Which statements the rule scores; default what the server witnessed (SERVER, LAUNCH_SESSION) and admins' imports. MANAGER needs dailyCap (at most 100); SELF_REPORTED must stand alone and needs dailyCap (at most 50).");
        Field(x => x.DailyCap, nullable: true).Description("The most this rule awards one learner in a day (rewards calendar).");
    }
}

public sealed class LevelInput
{
    public int MinXp { get; set; }
    public LocalizedTextInput Names { get; set; } = new();
}

public sealed class LevelInputType : InputObjectGraphType<LevelInput>
{
    public LevelInputType()
    {
        Name = "LevelInput";
        Field(x => x.MinXp);
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>));
    }
}

public sealed class CapsInput
{
    public int? DailyXp { get; set; }
    public int? DailyXpPerRule { get; set; }
    public int? MinLessonSeconds { get; set; }
    public int? StatementsPerMinute { get; set; }
}

public sealed class CapsInputType : InputObjectGraphType<CapsInput>
{
    public CapsInputType()
    {
        Name = "CapsInput";
        Description = "Limits against gaming; leave a field out for no limit.";
        Field(x => x.DailyXp, nullable: true).Description("XP a learner can earn a day, from all schemes together.");
        Field(x => x.DailyXpPerRule, nullable: true);
        Field(x => x.MinLessonSeconds, nullable: true).Description("A lesson statement with a shorter duration earns nothing.");
        Field(x => x.StatementsPerMinute, nullable: true).Description("Statements beyond this many in a minute earn nothing.");
    }
}

public sealed class CampaignInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Names { get; set; } = new();
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public List<string>? DepartmentIds { get; set; }
    public double Multiplier { get; set; }
}

public sealed class CampaignInputType : InputObjectGraphType<CampaignInput>
{
    public CampaignInputType()
    {
        Name = "CampaignInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.From);
        Field(x => x.To);
        Field(x => x.DepartmentIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>)).Description("Default: all the scheme's departments.");
        Field(x => x.Multiplier);
    }
}

public sealed class RewardSchemeInput
{
    public LocalizedTextInput Names { get; set; } = new();
    public List<string>? DepartmentIds { get; set; }
    public List<PointRuleInput> Rules { get; set; } = [];
    public List<LevelInput>? Levels { get; set; }
    public CapsInput? Caps { get; set; }
    public List<CampaignInput>? Campaigns { get; set; }
    public List<BadgeInput>? Badges { get; set; }

    public SchemeDefinition ToDefinition() => new(
        Names.ToText(), (DepartmentIds ?? []).Distinct().ToArray(), Rules.Select(r => r.ToRule()).ToArray(),
        (Levels ?? []).Select(l => new LevelDefinition(l.MinXp, l.Names.ToText())).ToArray(),
        Caps is null ? SchemeCaps.None : new SchemeCaps(Caps.DailyXp, Caps.DailyXpPerRule, Caps.MinLessonSeconds, Caps.StatementsPerMinute),
        (Campaigns ?? []).Select(c => new Campaign(c.Id, c.Names.ToText(), c.From, c.To, (c.DepartmentIds ?? []).ToArray(), c.Multiplier)).ToArray(),
        (Badges ?? []).Select(b => new BadgeDefinition(b.Id, b.Names.ToText(), b.Descriptions.ToText(), b.Image, b.Criterion,
            (b.Tiers is { Count: > 0 } ? b.Tiers.Select(t => new BadgeTier(t.Tier, t.Threshold)) : [new BadgeTier("", b.Threshold ?? 0)]).ToArray(),
            b.Tag, b.PackageId, b.ChallengeId)).ToArray());
}

public sealed class RewardSchemeInputType : InputObjectGraphType<RewardSchemeInput>
{
    public RewardSchemeInputType()
    {
        Name = "RewardSchemeInput";
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.DepartmentIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("The departments it applies to; none: the whole organisation.");
        Field(x => x.Rules, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<PointRuleInputType>>>));
        Field(x => x.Levels, type: typeof(ListGraphType<NonNullGraphType<LevelInputType>>)).Description("Increasing XP thresholds, the first at 0.");
        Field(x => x.Caps, type: typeof(CapsInputType));
        Field(x => x.Campaigns, type: typeof(ListGraphType<NonNullGraphType<CampaignInputType>>));
        Field(x => x.Badges, type: typeof(ListGraphType<NonNullGraphType<BadgeInputType>>));
    }
}

public sealed class BadgeCriterionType : EnumerationGraphType<BadgeCriterion>
{
    public BadgeCriterionType() => Name = "BadgeCriterion";
}

public sealed class BadgeTierInput
{
    public string Tier { get; set; } = "";
    public double Threshold { get; set; }
}

public sealed class BadgeTierInputType : InputObjectGraphType<BadgeTierInput>
{
    public BadgeTierInputType()
    {
        Name = "BadgeTierInput";
        Field(x => x.Tier).Description("e.g. bronze, silver, gold");
        Field(x => x.Threshold);
    }
}

public sealed class BadgeInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Names { get; set; } = new();
    public LocalizedTextInput Descriptions { get; set; } = new();
    public string? Image { get; set; }
    public BadgeCriterion Criterion { get; set; }
    public double? Threshold { get; set; }
    public List<BadgeTierInput>? Tiers { get; set; }
    public string? Tag { get; set; }
    public string? PackageId { get; set; }
    public string? ChallengeId { get; set; }
}

public sealed class BadgeInputType : InputObjectGraphType<BadgeInput>
{
    public BadgeInputType()
    {
        Name = "BadgeInput";
        Description = "A badge the scheme awards once per learner (per tier) when its criterion is met.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.Descriptions, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.Image, nullable: true);
        Field(x => x.Criterion, type: typeof(NonNullGraphType<BadgeCriterionType>));
        Field(x => x.Threshold, nullable: true).Description("For a badge without tiers.");
        Field(x => x.Tiers, type: typeof(ListGraphType<NonNullGraphType<BadgeTierInputType>>)).Description("Increasing thresholds, one badge each.");
        Field(x => x.Tag, nullable: true).Description("Completions: only packages with this tag.");
        Field(x => x.PackageId, type: typeof(IdGraphType)).Description("LearningGain: only this package.");
        Field(x => x.ChallengeId, type: typeof(IdGraphType)).Description("FirstToComplete: the challenge.");
    }
}

public sealed class SaveRewardSchemeInput
{
    public string Id { get; set; } = "";
    public RewardSchemeInput Scheme { get; set; } = new();
}

public sealed class SaveRewardSchemeInputType : InputObjectGraphType<SaveRewardSchemeInput>
{
    public SaveRewardSchemeInputType()
    {
        Name = "SaveRewardSchemeInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Scheme, type: typeof(NonNullGraphType<RewardSchemeInputType>));
    }
}
