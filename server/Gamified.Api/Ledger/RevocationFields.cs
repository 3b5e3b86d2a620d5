using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Learners;
using Gamified.Ledger;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Ledger;

public sealed class RevokeAwardInput
{
    public string LearnerId { get; set; } = "";
    public int Seq { get; set; }
    public string Reason { get; set; } = "";
}

public sealed class RevokeAwardInputType : InputObjectGraphType<RevokeAwardInput>
{
    public RevokeAwardInputType()
    {
        Name = "RevokeAwardInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Seq).Description("The XP entry's position in the learner's ledger (LedgerEntry.seq).");
        Field(x => x.Reason).Description($"Why, 1 to {Revocation.MaxReasonLength} characters: the learner sees it in their ledger.");
    }
}

public sealed class RevokeBadgeInput
{
    public string LearnerId { get; set; } = "";
    public string BadgeId { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class RevokeBadgeInputType : InputObjectGraphType<RevokeBadgeInput>
{
    public RevokeBadgeInputType()
    {
        Name = "RevokeBadgeInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.BadgeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason).Description($"Why, 1 to {Revocation.MaxReasonLength} characters: the learner sees it in their ledger.");
    }
}

/// <summary>
/// Taking awards back (managers of the learner's department and admins, never on themselves). Each writes a new
/// ledger entry that names the entry it revokes; asking twice revokes once and returns the first revocation.
/// </summary>
public static class RevocationFields
{
    public static void AddRevocationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LedgerEntryType>>("revokeAward")
            .Description("Takes back one XP award with a compensating entry (never an edit): XP and boards drop, the learner is told why. " +
                         "Managers of the learner's department and admins, never on themselves.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Personal, new[] { "reason" })
            .Argument<NonNullGraphType<RevokeAwardInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RevokeAwardInput>("input");
                var learners = await RequireMayRevoke(c, input.LearnerId);
                return await learners.RevokeAward(input.LearnerId, new AwardRevocation(input.Seq, input.Reason, c.Caller().Name));
            });
        mutation.Field<NonNullGraphType<LedgerEntryType>>("revokeBadge")
            .Description("Takes a badge off a learner's profile; its Open Badges credential then verifies as revoked. The engine does not award it again. " +
                         "Managers of the learner's department and admins, never on themselves.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Personal, new[] { "reason" })
            .Argument<NonNullGraphType<RevokeBadgeInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<RevokeBadgeInput>("input");
                var learners = await RequireMayRevoke(c, input.LearnerId);
                return await learners.RevokeBadge(input.LearnerId, new BadgeRevocation(input.BadgeId, input.Reason, c.Caller().Name));
            });
    }

    private static async Task<LearnerService> RequireMayRevoke(IResolveFieldContext c, string learnerId)
    {
        var learners = c.Service<LearnerService>();
        var learner = await learners.Find(learnerId) ?? throw DomainException.NotFound("Learner", learnerId);
        var caller = c.Caller();
        caller.RequireManages(learner.Profile.DepartmentId);
        if (caller.Is(learnerId)) throw Caller.Forbidden("Nobody may revoke their own awards.");
        return learners;
    }
}
