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

    public PointRule ToRule() => new(Id, Verb, ObjectKind, PackageId, Tag, MinScore, Success, MinDurationSeconds, FirstAttempt,
        DaysOfWeek ?? [], Points, Multiplier, PointsPerGain);
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

    public SchemeDefinition ToDefinition() => new(
        Names.ToText(), (DepartmentIds ?? []).Distinct().ToArray(), Rules.Select(r => r.ToRule()).ToArray(),
        (Levels ?? []).Select(l => new LevelDefinition(l.MinXp, l.Names.ToText())).ToArray(),
        Caps is null ? SchemeCaps.None : new SchemeCaps(Caps.DailyXp, Caps.DailyXpPerRule, Caps.MinLessonSeconds, Caps.StatementsPerMinute),
        (Campaigns ?? []).Select(c => new Campaign(c.Id, c.Names.ToText(), c.From, c.To, (c.DepartmentIds ?? []).ToArray(), c.Multiplier)).ToArray());
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
