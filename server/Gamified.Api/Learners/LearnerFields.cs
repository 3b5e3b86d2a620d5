using Gamified.Api.Common;
using Gamified.Learners;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Learners;

public sealed class RegisterLearnerInput
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string DepartmentId { get; set; } = "";
    public PublicVisibility Visibility { get; set; } = PublicVisibility.Pseudonym;
}

public sealed class RegisterLearnerInputType : InputObjectGraphType<RegisterLearnerInput>
{
    public RegisterLearnerInputType()
    {
        Name = "RegisterLearnerInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("A lower-case slug, unique in the organisation.");
        Field(x => x.DisplayName).Description("The learner's name, 1 to 100 characters.");
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Visibility, type: typeof(PublicVisibilityType)).DefaultValue(PublicVisibility.Pseudonym);
    }
}

public sealed class AwardBadgeInput
{
    public string LearnerId { get; set; } = "";
    public string BadgeId { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class AwardBadgeInputType : InputObjectGraphType<AwardBadgeInput>
{
    public AwardBadgeInputType()
    {
        Name = "AwardBadgeInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.BadgeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason).Description("Why the badge is given; kept in the ledger.");
    }
}

public static class LearnerFields
{
    public static void AddLearnerQueries(this ObjectGraphType query)
    {
        query.Field<LearnerType>("learner")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<LearnerService>().Find(c.GetArgument<string>("id")));
    }

    public static void AddLearnerMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LearnerType>>("registerLearner")
            .Argument<NonNullGraphType<RegisterLearnerInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RegisterLearnerInput>("input");
                return await c.Service<LearnerService>().Register(input.Id,
                    new RegisterLearner(input.DisplayName, input.DepartmentId, input.Visibility));
            });

        mutation.Field<NonNullGraphType<EarnedBadgeType>>("awardBadge")
            .Description("Gives a learner a badge by hand; a learner holds each badge once.")
            .Argument<NonNullGraphType<AwardBadgeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<AwardBadgeInput>("input");
                var awardedBy = c.User?.Identity?.Name ?? "system";
                return await c.Service<LearnerService>().AwardBadge(input.LearnerId,
                    new BadgeAward(input.BadgeId, input.Reason, awardedBy));
            });
    }
}
