using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Learners;
using Gamified.Api.Audit;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Learners;

public sealed class RegisterLearnerInput
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string DepartmentId { get; set; } = "";
    /// <summary>Null (sent explicitly) means the default too: a pseudonym, never the real name by accident.</summary>
    public PublicVisibility? Visibility { get; set; }
}

public sealed class RegisterLearnerInputType : InputObjectGraphType<RegisterLearnerInput>
{
    public RegisterLearnerInputType()
    {
        Name = "RegisterLearnerInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("A lower-case slug, unique in the organisation.");
        Field(x => x.DisplayName).Description("The learner's name, 1 to 100 characters.");
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Visibility, type: typeof(PublicVisibilityType)).DefaultValue(PublicVisibility.Pseudonym)
            .Description("How the learner appears on public boards; a pseudonym unless chosen otherwise.");
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
            .Description("A learner's full profile: for the learner themselves, managers of their department, and admins.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var learner = await c.Service<LearnerService>().Find(c.GetArgument<string>("id"));
                if (learner is not null) c.Caller().RequireCanSee(learner);
                return learner;
            });
    }

    public static void AddLearnerMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LearnerType>>("registerLearner")
            .Description("Admins register anyone; a learner registers themselves (id = their token's subject).")
            .AuthorizeWithRoles(Roles.Learner, Roles.Admin)
            .WithMetadata(AuditMiddleware.AuditedOnBehalf, true)
            .WithMetadata(AuditMiddleware.Personal, new[] { "displayName" })
            .Argument<NonNullGraphType<RegisterLearnerInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RegisterLearnerInput>("input");
                c.Caller().RequireMayRegister(input.Id, input.DepartmentId);
                return await c.Service<LearnerService>().Register(input.Id,
                    new RegisterLearner(input.DisplayName, input.DepartmentId, input.Visibility ?? PublicVisibility.Pseudonym));
            });

        mutation.Field<NonNullGraphType<LearnerType>>("setMyVisibility")
            .Description("The caller (a registered learner) chooses how public boards name them: real name, their pseudonym, or hidden.")
            .AuthorizeWithRoles(Roles.Learner)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<PublicVisibilityType>>("visibility")
            .ResolveAsync(async c =>
            {
                var subject = c.Caller().Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject.");
                return await c.Service<LearnerService>().SetVisibility(subject, c.GetArgument<PublicVisibility>("visibility"));
            });

        mutation.Field<NonNullGraphType<LearnerType>>("eraseLearnerPersonalData")
            .Description("Erases a person's name, the text of their ledger reasons and their package comments (admins). XP, badges " +
                         "and the ledger stay, under their pseudonym, and verifyLedger still passes. Repeating it changes nothing.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveAsync(async c => await c.Service<PersonalDataErasure>().Erase(c.Caller(), c.GetArgument<string>("learnerId")));

        mutation.Field<NonNullGraphType<EarnedBadgeType>>("awardBadge")
            .Description("Gives a learner a badge by hand (managers of the learner's department, admins; never oneself); a learner holds each badge once (a revoked one may be given again).")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Personal, new[] { "reason" })
            .Argument<NonNullGraphType<AwardBadgeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<AwardBadgeInput>("input");
                var learners = c.Service<LearnerService>();
                var learner = await learners.Find(input.LearnerId) ?? throw DomainException.NotFound("Learner", input.LearnerId);
                c.Caller().RequireManages(learner.Profile.DepartmentId);
                if (c.Caller().Is(learner.Profile.Id)) throw Caller.Forbidden("Nobody gives themselves a badge, whatever their roles.");
                return await learners.AwardBadge(input.LearnerId, new BadgeAward(input.BadgeId, input.Reason, c.Caller().Name));
            });
    }
}
