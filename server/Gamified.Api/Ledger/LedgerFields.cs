using Gamified.Ledger;
using Gamified.Api.Common;
using Gamified.Api.Cost;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Ledger;

public sealed class BrokenLinkType : ObjectGraphType<BrokenLink>
{
    public BrokenLinkType()
    {
        Name = "BrokenLink";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IntGraphType>>("seq").Resolve(c => (int)c.Source.Seq);
        Field(x => x.Problem);
    }
}

public sealed class LedgerVerificationType : ObjectGraphType<LedgerVerification>
{
    public LedgerVerificationType()
    {
        Name = "LedgerVerification";
        Description = "The result of recomputing the hash chain of stored ledger entries.";
        Field(x => x.Ok);
        Field(x => x.LearnersChecked);
        Field<NonNullGraphType<IntGraphType>>("entriesChecked").Resolve(c => (int)c.Source.EntriesChecked);
        Field<BrokenLinkType>("firstBrokenLink").Resolve(c => c.Source.FirstBrokenLink);
    }
}

public static class LedgerFields
{
    public static void AddLedgerQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<LedgerVerificationType>>("verifyLedger")
            .Description("Recomputes the hash chain: of one learner (the learner, their managers, admins) or of everyone (admins).")
            .Authorize()
            .Argument<IdGraphType>("learnerId")
            // Reads and rehashes a whole chain: one learner's, or everyone's.
            .Expensive(c => c.Argument("learnerId") is null ? 10_000 : 1_000)
            .ResolveAsync(async c =>
            {
                var learnerId = c.GetArgument<string?>("learnerId");
                var caller = c.Caller();
                if (learnerId is null)
                {
                    if (!caller.IsAdmin) throw Caller.Forbidden("Only admins may verify the whole ledger.");
                }
                else
                {
                    var learner = await c.Service<LearnerService>().Find(learnerId) ?? throw DomainException.NotFound("Learner", learnerId);
                    caller.RequireCanSee(learner);
                }
                return await c.Service<ILedgerVerifier>().Verify(learnerId, c.CancellationToken);
            });
    }
}
