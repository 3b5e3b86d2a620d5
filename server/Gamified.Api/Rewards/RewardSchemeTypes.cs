using Gamified.Api.Activity;
using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Rewards;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Rewards;

public sealed class SchemeStatusType : EnumerationGraphType<SchemeStatus>
{
    public SchemeStatusType() => Name = "SchemeStatus";
}

public sealed class PointRuleType : ObjectGraphType<PointRule>
{
    public PointRuleType()
    {
        Name = "PointRule";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Verb, nullable: true);
        Field(x => x.ObjectKind, nullable: true);
        Field(x => x.PackageId, nullable: true);
        Field(x => x.Tag, nullable: true);
        Field(x => x.MinScore, nullable: true);
        Field(x => x.Success, nullable: true);
        Field(x => x.MinDurationSeconds, nullable: true);
        Field(x => x.FirstAttempt, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("daysOfWeek").Resolve(c => c.Source.DaysOfWeek);
        Field(x => x.Points);
        Field(x => x.Multiplier, nullable: true);
        Field(x => x.PointsPerGain, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AttestationType>>>>("attestations")
            .Description("The statements this rule scores, by who vouches for them.").Resolve(c => c.Source.Scores);
        Field(x => x.DailyCap, nullable: true);
    }
}

public sealed class LevelDefinitionType : ObjectGraphType<LevelDefinition>
{
    public LevelDefinitionType()
    {
        Name = "LevelDefinition";
        Field<NonNullGraphType<IntGraphType>>("minXp").Resolve(c => (int)c.Source.MinXp);
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
    }
}

public sealed class SchemeCapsType : ObjectGraphType<SchemeCaps>
{
    public SchemeCapsType()
    {
        Name = "SchemeCaps";
        Field(x => x.DailyXp, nullable: true);
        Field(x => x.DailyXpPerRule, nullable: true);
        Field(x => x.MinLessonSeconds, nullable: true);
        Field(x => x.StatementsPerMinute, nullable: true);
    }
}

public sealed class CampaignType : ObjectGraphType<Campaign>
{
    public CampaignType()
    {
        Name = "Campaign";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field(x => x.From);
        Field(x => x.To);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("departmentIds").Resolve(c => c.Source.DepartmentIds);
        Field(x => x.Multiplier);
    }
}

public sealed class BadgeTierType : ObjectGraphType<BadgeTier>
{
    public BadgeTierType()
    {
        Name = "BadgeTier";
        Field(x => x.Tier);
        Field(x => x.Threshold);
    }
}

public sealed class BadgeDefinitionType : ObjectGraphType<BadgeDefinition>
{
    public BadgeDefinitionType()
    {
        Name = "BadgeDefinition";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field<NonNullGraphType<LocalizedTextType>>("descriptions").Resolve(c => c.Source.Descriptions);
        Field(x => x.Image, nullable: true);
        Field(x => x.Criterion, type: typeof(NonNullGraphType<BadgeCriterionType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BadgeTierType>>>>("tiers").Resolve(c => c.Source.Tiers);
        Field(x => x.Tag, nullable: true);
        Field(x => x.PackageId, nullable: true);
        Field(x => x.ChallengeId, nullable: true);
    }
}

public sealed class SchemeDefinitionType : ObjectGraphType<SchemeDefinition>
{
    public SchemeDefinitionType()
    {
        Name = "RewardSchemeDefinition";
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("departmentIds").Resolve(c => c.Source.DepartmentIds);
        Field<NonNullGraphType<BooleanGraphType>>("organisationWide").Resolve(c => c.Source.IsOrganisationWide);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PointRuleType>>>>("rules").Resolve(c => c.Source.Rules);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LevelDefinitionType>>>>("levels").Resolve(c => c.Source.Levels);
        Field<NonNullGraphType<SchemeCapsType>>("caps").Resolve(c => c.Source.Caps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CampaignType>>>>("campaigns").Resolve(c => c.Source.Campaigns);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BadgeDefinitionType>>>>("badges").Resolve(c => c.Source.Badges);
    }
}

public sealed class SchemeVersionType : ObjectGraphType<SchemeVersion>
{
    public SchemeVersionType()
    {
        Name = "RewardSchemeVersion";
        Field(x => x.Version);
        Field(x => x.Status, type: typeof(NonNullGraphType<SchemeStatusType>));
        Field(x => x.EffectiveFrom, nullable: true);
        Field(x => x.ArchivedAt, nullable: true);
        Field(x => x.CreatedAt);
        Field(x => x.CreatedBy);
        Field<NonNullGraphType<SchemeDefinitionType>>("definition").Resolve(c => c.Source.Definition);
    }
}

public sealed class SchemeAuditEntryType : ObjectGraphType<SchemeAuditEntry>
{
    public SchemeAuditEntryType()
    {
        Name = "RewardSchemeChange";
        Description = "One change to a scheme: who, when, and the version before and after (JSON).";
        Field(x => x.At);
        Field(x => x.Actor);
        Field(x => x.Action);
        Field(x => x.Version);
        Field(x => x.Before, nullable: true);
        Field(x => x.After, nullable: true);
    }
}

public sealed class RewardSchemeType : ObjectGraphType<SchemeView>
{
    public RewardSchemeType()
    {
        Name = "RewardScheme";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<SchemeVersionType>>("latest").Description("The newest version (a draft, if there is one).").Resolve(c => c.Source.Versions[^1]);
        Field<SchemeVersionType>("active").Description("The version awarding now, if any.")
            .Resolve(c => c.Source.Versions.LastOrDefault(v => v.AppliesAt(c.Service<TimeProvider>().GetUtcNow())));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SchemeVersionType>>>>("versions").Resolve(c => c.Source.Versions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SchemeAuditEntryType>>>>("auditTrail").Resolve(c => c.Source.Audit);
    }
}

public sealed class DepartmentProjectionType : ObjectGraphType<DepartmentProjection>
{
    public DepartmentProjectionType()
    {
        Name = "DepartmentProjection";
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        // Sums over the department's learners: 64-bit.
        Field<NonNullGraphType<LongGraphType>>("currentXp").Resolve(c => c.Source.CurrentXp);
        Field<NonNullGraphType<LongGraphType>>("projectedXp").Resolve(c => c.Source.ProjectedXp);
    }
}

public sealed class LevelCountType : ObjectGraphType<LevelCount>
{
    public LevelCountType()
    {
        Name = "LevelCount";
        Field(x => x.Level);
        Field<NonNullGraphType<LocalizedTextType>>("name").Resolve(c => c.Source.Name);
        Field(x => x.Current);
        Field(x => x.Projected);
    }
}

public sealed class LearnerChangeType : ObjectGraphType<LearnerChange>
{
    public LearnerChangeType()
    {
        Name = "LearnerChange";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        // Sums over the department's learners: 64-bit.
        Field<NonNullGraphType<LongGraphType>>("currentXp").Resolve(c => c.Source.CurrentXp);
        Field<NonNullGraphType<LongGraphType>>("projectedXp").Resolve(c => c.Source.ProjectedXp);
        Field<NonNullGraphType<IntGraphType>>("change").Resolve(c => (int)c.Source.Change);
    }
}

public sealed class DryRunResultType : ObjectGraphType<DryRunResult>
{
    public DryRunResultType()
    {
        Name = "DryRunResult";
        Description = "What a scheme version would have awarded over recorded activity, next to what the schemes in force awarded. Nothing is written.";
        Field(x => x.SchemeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version);
        Field(x => x.From);
        Field(x => x.To);
        Field(x => x.Statements);
        Field(x => x.Learners);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentProjectionType>>>>("departments").Resolve(c => c.Source.Departments);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LevelCountType>>>>("levels").Resolve(c => c.Source.Levels);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerChangeType>>>>("largestChanges").Resolve(c => c.Source.LargestChanges);
    }
}

public sealed class AdjustmentType : ObjectGraphType<Adjustment>
{
    public AdjustmentType()
    {
        Name = "AwardAdjustment";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IntGraphType>>("before").Description("XP the window's activity had earned.").Resolve(c => (int)c.Source.Before);
        Field<NonNullGraphType<IntGraphType>>("after").Description("XP the schemes in force now award for it.").Resolve(c => (int)c.Source.After);
        Field<NonNullGraphType<IntGraphType>>("change").Description("The compensating entry written.").Resolve(c => (int)c.Source.Change);
    }
}

public sealed class RecalculationResultType : ObjectGraphType<RecalculationResult>
{
    public RecalculationResultType()
    {
        Name = "RecalculationResult";
        Field(x => x.From);
        Field(x => x.To);
        Field(x => x.LearnersChecked);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AdjustmentType>>>>("adjustments").Resolve(c => c.Source.Adjustments);
    }
}

public static class RewardSchemeFields
{
    public static void AddRewardSchemeQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RewardSchemeType>>>>("rewardSchemes")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .ResolveAsync(async c => await c.Service<RewardSchemeService>().List());
        query.Field<RewardSchemeType>("rewardScheme")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<RewardSchemeService>().Find(c.GetArgument<string>("id")));
    }

    public static void AddRewardSchemeMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RewardSchemeType>>("createRewardScheme")
            .PayloadResult("scheme")
            .Description("Creates a scheme as a draft (version 1); problems come back in userErrors.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<SaveRewardSchemeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SaveRewardSchemeInput>("input");
                return await Saved(() => c.Service<RewardSchemeService>().Create(c.Caller(), input.Id, input.Scheme.ToDefinition()));
            });
        mutation.Field<NonNullGraphType<RewardSchemeType>>("updateRewardScheme")
            .PayloadResult("scheme")
            .Description("Edits the draft; on an active scheme, starts its next version as a draft. Active versions never change.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<SaveRewardSchemeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SaveRewardSchemeInput>("input");
                return await Saved(() => c.Service<RewardSchemeService>().Update(c.Caller(), input.Id, input.Scheme.ToDefinition()));
            });
        mutation.Field<NonNullGraphType<RewardSchemeType>>("activateRewardScheme")
            .PayloadResult("scheme")
            .Description("Makes the draft award from effectiveFrom (default now; never in the past), without a restart.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<DateTimeOffsetGraphType>("effectiveFrom")
            .ResolveAsync(async c => await c.Service<RewardSchemeService>().Activate(c.Caller(), c.GetArgument<string>("id"),
                c.GetArgument<DateTimeOffset?>("effectiveFrom")));
        mutation.Field<NonNullGraphType<RewardSchemeType>>("archiveRewardScheme")
            .PayloadResult("scheme")
            .Description("Stops the scheme awarding from now; past awards stay as they are.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<RewardSchemeService>().Archive(c.Caller(), c.GetArgument<string>("id")));
        mutation.Field<NonNullGraphType<RecalculationResultType>>("recalculateAwards")
            .Description("Appends compensating ledger entries so the window's awards match the schemes in force now; past entries stay (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var (from, to) = (c.GetArgument<DateTimeOffset>("from"), c.GetArgument<DateTimeOffset>("to"));
                if (to <= from || to - from > TimeSpan.FromDays(366))
                    throw Gamified.Common.DomainException.BadInput("to", "to must be after from, within a year.");
                return await c.Service<Recalculation>().Run(from, to, caller.Name);
            });
        mutation.Field<NonNullGraphType<DryRunResultType>>("dryRunRewardScheme")
            .Description("Projects the scheme's newest version over activity recorded between from and to, against what the schemes in force awarded. Writes nothing.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to")
            .ResolveAsync(async c => await c.Service<RewardSchemeService>().DryRun(c.Caller(), c.GetArgument<string>("id"),
                c.GetArgument<DateTimeOffset>("from"), c.GetArgument<DateTimeOffset>("to"), c.CancellationToken));
    }

    /// <summary>A scheme the validator refused comes back with all its problems at once, each with its field.</summary>
    private static async Task<object> Saved(Func<Task<SchemeView>> save)
    {
        try
        {
            return await save();
        }
        catch (SchemeRejectedException rejected)
        {
            return MutationPayload.Refused(rejected.Errors.Select(e => new Refusal(e.Code, e.Message, Refusal.FieldPath("input.scheme." + e.Path))));
        }
    }
}
