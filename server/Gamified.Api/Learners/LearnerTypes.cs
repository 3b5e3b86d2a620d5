using Gamified.Api.Common;
using Gamified.Api.Departments;
using Gamified.Api.Ledger;
using Gamified.Api.Teams;
using Gamified.Learners;
using Gamified.Ledger;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Learners;

public sealed class PublicVisibilityType : EnumerationGraphType<PublicVisibility>
{
    public PublicVisibilityType()
    {
        Name = "PublicVisibility";
        Description = "How the learner appears on public boards: real name, a pseudonym, or not at all.";
    }
}

public sealed class LevelType : ObjectGraphType<LevelInfo>
{
    public LevelType()
    {
        Name = "Level";
        Field(x => x.Number);
        Field<NonNullGraphType<LocalizedTextType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<IntGraphType>>("minXp").Resolve(c => (int)c.Source.MinXp);
        Field<IntGraphType>("nextLevelXp").Description("XP needed for the next level; null at the top level.")
            .Resolve(c => (int?)c.Source.NextLevelXp);
    }
}

public sealed class EarnedBadgeType : ObjectGraphType<EarnedBadge>
{
    public EarnedBadgeType()
    {
        Name = "EarnedBadge";
        Description = "A badge a learner holds: when it was awarded, why, and the ledger entry that records it.";
        Field(x => x.BadgeId);
        Field(x => x.AwardedAt);
        Field(x => x.Reason);
        Field<NonNullGraphType<IntGraphType>>("ledgerSeq").Resolve(c => (int)c.Source.LedgerSeq);
        Field<LocalizedTextType>("names")
            .Description("The badge's name, from the reward scheme that defines it; null when no scheme does (e.g. an ad-hoc badge given by hand).")
            .ResolveAsync(async c => (await c.Service<LearnerService>().Describe(c.Source))?.Names);
        Field<LocalizedTextType>("description")
            .ResolveAsync(async c => (await c.Service<LearnerService>().Describe(c.Source))?.Descriptions);
        Field<StringGraphType>("tier").Description("The tier held (e.g. bronze), for a badge with tiers.")
            .ResolveAsync(async c => (await c.Service<LearnerService>().Describe(c.Source))?.Tier);
    }
}

public sealed class StreakType : ObjectGraphType<Gamified.Rewards.StreakSummary>
{
    public StreakType()
    {
        Name = "Streak";
        Description = "Consecutive days with activity, in the rewards calendar (the same days streak badges count).";
        Field(x => x.Current).Description("Days in the run that ends today, or yesterday while today has no activity yet; 0 when it is broken.");
        Field(x => x.Longest).Description("The longest run in the last 400 days.");
        Field<DateOnlyGraphType>("lastActiveDay").Resolve(c => c.Source.LastActiveDay);
    }
}

public sealed class CompletedChallengeType : ObjectGraphType<CompletedChallenge>
{
    public CompletedChallengeType()
    {
        Name = "CompletedChallenge";
        Field(x => x.ChallengeId);
        Field(x => x.CompletedAt);
        Field(x => x.Points);
        Field(x => x.WinnerRank, nullable: true).Description("1 for the first winner of a first-N challenge; null if not a winner.");
    }
}

public sealed class LearnerType : ObjectGraphType<LearnerSnapshot>
{
    public LearnerType()
    {
        Name = "Learner";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Profile.Id);
        Field<NonNullGraphType<StringGraphType>>("displayName").Resolve(c => c.Source.Profile.DisplayName);
        Field<NonNullGraphType<StringGraphType>>("pseudonym").Resolve(c => c.Source.Profile.Pseudonym);
        Field<NonNullGraphType<PublicVisibilityType>>("visibility").Resolve(c => c.Source.Profile.Visibility);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("registeredAt").Resolve(c => c.Source.Profile.RegisteredAt);
        Field<DateTimeOffsetGraphType>("personalDataErasedAt").Description("When the learner's personal data was erased; null unless it was.")
            .Resolve(c => c.Source.Profile.PersonalDataErasedAt);
        Field<NonNullGraphType<IdGraphType>>("departmentId").Resolve(c => c.Source.Profile.DepartmentId);
        Field<DepartmentType>("department")
            .ResolveAsync(async c => await c.Service<DepartmentService>().Find(c.Source.Profile.DepartmentId));
        Field<NonNullGraphType<BooleanGraphType>>("active")
            .Description("False for a deactivated learner: off the boards and plans' lists, unable to score; the ledger stays.")
            .Resolve(c => c.Source.Profile.Active);
        // Personal data from HR: for admins and the learner's managers only (not even on the learner's own profile here).
        Field<StringGraphType>("email").Description("From HR; null unless the caller is an admin or manages the learner's department.")
            .Resolve(c => SeesContacts(c) ? c.Source.Profile.Email : null);
        Field<StringGraphType>("phone").Description("From HR; null unless the caller is an admin or manages the learner's department.")
            .Resolve(c => SeesContacts(c) ? c.Source.Profile.Phone : null);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("roles")
            .Description("The roles HR gives the person (the staff import), which the built-in sign-in issues; null unless the caller is an admin or manages the learner's department.")
            .Resolve(c => SeesContacts(c) ? c.Source.Profile.Roles ?? [] : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeamType>>>>("teams")
            .ResolveAsync(async c =>
            {
                var teams = await Task.WhenAll(c.Source.Profile.TeamIds.Select(id => c.Service<TeamService>().Find(id)));
                return teams.OfType<Gamified.Teams.TeamInfo>().ToList();
            });
        Field<NonNullGraphType<IntGraphType>>("xp").Description("The sum of the learner's ledger entries.")
            .Resolve(c => checked((int)c.Source.Xp));
        Field<NonNullGraphType<LevelType>>("level").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EarnedBadgeType>>>>("badges").Resolve(c => c.Source.Badges);
        Field<NonNullGraphType<StreakType>>("streak")
            .ResolveAsync(async c => await c.Service<LearnerService>().Streak(c.Source.Profile.Id, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompletedChallengeType>>>>("challengesCompleted")
            .Resolve(c => c.Source.Challenges);
        Field<NonNullGraphType<LedgerConnectionType>>("ledger")
            .Description("The learner's award ledger, oldest first, as a Relay connection.")
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .ResolveAsync(async c => await c.Service<LedgerService>().Page(
                c.Source.Profile.Id, c.Source.LedgerLength, c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken));
        Field<NonNullGraphType<Activity.LearnerActivityConnectionType>>("activity")
            .Description("The learner's recorded statements, newest first, each with who vouches for it: self-reported claims are shown as such.")
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .ResolveAsync(async c => await c.Service<Activity.LearnerActivityService>().Page(
                c.Source.Profile.Id, c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken));
    }

    private static bool SeesContacts(IResolveFieldContext<LearnerSnapshot> context) =>
        Gamified.Api.Security.CallerExtensions.Caller(context).Manages(context.Source.Profile.DepartmentId);
}
