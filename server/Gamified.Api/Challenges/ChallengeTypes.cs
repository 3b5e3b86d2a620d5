using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Api.Learners;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Learners;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Challenges;

public sealed class ChallengeKindType : EnumerationGraphType<ChallengeKind>
{
    public ChallengeKindType() => Name = "ChallengeKind";
}

/// <summary>A winner as the caller may see them (see <see cref="LearnerAsSeen"/>).</summary>
public sealed record ChallengeWinnerView(ChallengeWinner Winner, LearnerAsSeen Seen);

public sealed class ChallengeWinnerType : ObjectGraphType<ChallengeWinnerView>
{
    public ChallengeWinnerType()
    {
        Name = "ChallengeWinner";
        Field<IdGraphType>("learnerId").Description("Only for the winner themselves, managers of their department and admins.")
            .Resolve(c => c.Source.Seen.LearnerId);
        Field<NonNullGraphType<StringGraphType>>("publicName")
            .Description("The winner as they chose to appear to others: real name, pseudonym, or hidden.")
            .Resolve(c => c.Source.Seen.PublicName);
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => c.Source.Winner.Rank);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("completedAt").Resolve(c => c.Source.Winner.CompletedAt);
    }
}

public sealed class ChallengeType : ObjectGraphType<ChallengeInfo>
{
    public ChallengeType()
    {
        Name = "Challenge";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("titles").Resolve(c => c.Source.Titles);
        Field(x => x.Kind, type: typeof(NonNullGraphType<ChallengeKindType>));
        Field(x => x.Points).Description("XP for completing it.");
        Field(x => x.OpensAt);
        Field(x => x.ClosesAt, nullable: true);
        Field(x => x.FirstN, nullable: true).Description("How many winners it has: the first N to complete it.");
        Field(x => x.CompletionCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeWinnerType>>>>("winners")
            .Resolve(c =>
            {
                var caller = c.Caller();
                var winners = c.Source.Winners;
                return c.LearnerLoader().LoadMany(winners.Select(w => w.LearnerId))
                    .Then(found => winners.Select((w, i) => new ChallengeWinnerView(w, caller.Sees(found[i], w.LearnerId))).ToList());
            });
        Field<NonNullGraphType<BooleanGraphType>>("isOpen")
            .Resolve(c => c.Source.IsOpenAt(c.Service<TimeProvider>().GetUtcNow()));
        Field(x => x.CreatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("departmentIds")
            .Description("The departments whose learners may complete it; empty for the whole organisation.")
            .Resolve(c => c.Source.DepartmentIds);
    }
}

public sealed class ChallengeCompletionType : ObjectGraphType<CompletedChallenge>
{
    public ChallengeCompletionType()
    {
        Name = "ChallengeCompletion";
        Field(x => x.ChallengeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.CompletedAt);
        Field(x => x.Points).Description("XP awarded for it.");
        Field(x => x.WinnerRank, nullable: true);
        Field<ChallengeType>("challenge").ResolveAsync(async c => await c.Service<ChallengeService>().Find(c.Source.ChallengeId));
    }
}

public sealed class CreateChallengeInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Titles { get; set; } = new();
    public ChallengeKind Kind { get; set; } = ChallengeKind.Individual;
    public int Points { get; set; }
    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset? ClosesAt { get; set; }
    public int? FirstN { get; set; }
    public List<string>? DepartmentIds { get; set; }
}

public sealed class CreateChallengeInputType : InputObjectGraphType<CreateChallengeInput>
{
    public CreateChallengeInputType()
    {
        Name = "CreateChallengeInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Titles, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.Kind, type: typeof(ChallengeKindType)).DefaultValue(ChallengeKind.Individual);
        Field(x => x.Points).Description("XP for completing it, 0 to 10000.");
        Field(x => x.OpensAt, nullable: true).Description("Defaults to now.");
        Field(x => x.ClosesAt, nullable: true).Description("Open-ended when null.");
        Field(x => x.FirstN, nullable: true).Description("The first N completers are its winners (required for a RACE).");
        Field(x => x.DepartmentIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("Departments whose learners may complete it, all managed by you; empty or omitted for the whole organisation (admins and organisation-wide managers only).");
    }
}

public sealed class CompleteChallengeInput
{
    public string ChallengeId { get; set; } = "";
    public string LearnerId { get; set; } = "";
}

public sealed class CompleteChallengeInputType : InputObjectGraphType<CompleteChallengeInput>
{
    public CompleteChallengeInputType()
    {
        Name = "CompleteChallengeInput";
        Field(x => x.ChallengeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public static class ChallengeFields
{
    public static void AddChallengeQueries(this ObjectGraphType query)
    {
        query.Field<ChallengeType>("challenge")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<ChallengeService>().Find(c.GetArgument<string>("id")));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChallengeType>>>>("challenges")
            .Authorize()
            .Argument<BooleanGraphType>("openOnly", "Only challenges open now (default false).")
            .ResolveAsync(async c => await c.Service<ChallengeService>().List(c.GetArgument("openOnly", false)));
    }

    public static void AddChallengeMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ChallengeType>>("createChallenge")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CreateChallengeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CreateChallengeInput>("input");
                var opensAt = input.OpensAt ?? c.Service<TimeProvider>().GetUtcNow();
                return await c.Service<ChallengeService>().Create(c.Caller(), input.Id, new CreateChallenge(
                    input.Titles.ToText(), input.Kind, input.Points, opensAt, input.ClosesAt, input.FirstN, input.DepartmentIds ?? []));
            });
        mutation.Field<NonNullGraphType<ChallengeCompletionType>>("completeChallenge")
            .Description("Records that a learner of a department the challenge covers completed it (managers of the learner's department, admins; never for oneself); each learner completes a challenge once.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CompleteChallengeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CompleteChallengeInput>("input");
                var caller = c.Caller();
                var learner = await c.Service<LearnerService>().Find(input.LearnerId)
                              ?? throw DomainException.NotFound("Learner", input.LearnerId);
                // A manager or admin who is also a learner would otherwise award themselves.
                if (caller.Is(learner.Profile.Id)) throw Caller.Forbidden("Nobody records a challenge completion for themselves.");
                caller.RequireManages(learner.Profile.DepartmentId);
                return await c.Service<ChallengeService>().Complete(input.ChallengeId, input.LearnerId);
            });
    }
}
