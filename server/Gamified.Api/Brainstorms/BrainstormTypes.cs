using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Brainstorms;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Brainstorms;

public sealed class IdeaType : ObjectGraphType<IdeaView>
{
    public IdeaType()
    {
        Name = "Idea";
        Description = "An idea submitted to a brainstorm. Votes and the author's chosen public name are shown to moderators, and to everyone once the results are final; the author's id only to them and their managers.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Idea.Id);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Idea.Text);
        Field<NonNullGraphType<IdGraphType>>("departmentId").Resolve(c => c.Source.Idea.DepartmentId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("submittedAt").Resolve(c => c.Source.Idea.SubmittedAt);
        Field<NonNullGraphType<BooleanGraphType>>("mine").Resolve(c => c.Source.Mine);
        Field<IdGraphType>("authorId").Description("Only for the author themselves, managers of the idea's department and admins.")
            .Resolve(c => c.Source.Mine || c.Caller().Manages(c.Source.Idea.DepartmentId) ? c.Source.Idea.AuthorId : null);
        Field<StringGraphType>("authorName")
            .Description("The author as they chose to appear to others (real name, pseudonym, or 匿名学员), once authors are shown.")
            // Every idea's author in the response loads in one batch, each learner once.
            .Resolve(c => c.Source.ShowDetails || c.Source.Mine
                ? c.LearnerLoader().Load(c.Source.Idea.AuthorId).Then(author => c.Caller().Sees(author, c.Source.Idea.AuthorId).PublicName)
                : null);
        Field<IntGraphType>("votes").Resolve(c => c.Source.ShowDetails ? c.Source.Idea.Votes : null);
        Field<IntGraphType>("rank").Description("Place in the final results (hidden ideas have none).").Resolve(c => c.Source.Idea.Rank);
        Field<NonNullGraphType<BooleanGraphType>>("hidden").Resolve(c => c.Source.Idea.Hidden);
        Field<StringGraphType>("hiddenReason").Resolve(c => c.Source.Idea.HiddenReason);
    }
}

public sealed class BrainstormType : ObjectGraphType<BrainstormInfo>
{
    public BrainstormType()
    {
        Name = "Brainstorm";
        Description = "A brainstorm challenge (头脑风暴): a question open for a window; departments submit ideas and vote on each other's.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("titles").Resolve(c => c.Source.Titles);
        Field<NonNullGraphType<LocalizedTextType>>("question").Resolve(c => c.Source.Question);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("departmentIds").Resolve(c => c.Source.DepartmentIds);
        Field(x => x.OpensAt);
        Field(x => x.ClosesAt);
        Field(x => x.VotesPerLearner).Description("Each learner's vote budget for this brainstorm.");
        Field(x => x.WinnerCount);
        Field(x => x.IdeaCount).Description("Visible ideas.");
        Field(x => x.FinalisedAt, nullable: true).Description("When the results became final (closeBrainstorm).");
        Field<NonNullGraphType<BooleanGraphType>>("isOpen").Resolve(c => c.Source.IsOpenAt(c.Service<TimeProvider>().GetUtcNow()));
        Field(x => x.CreatedBy);
        Field(x => x.CreatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdeaType>>>>("ideas")
            .Description("Visible ideas, most votes first (ties: earlier first); moderators may include hidden ones.")
            .Argument<BooleanGraphType>("includeHidden", "Moderators only (default false).")
            .ResolveAsync(async c => await c.Service<BrainstormService>().Ideas(c.Caller(), c.Source, c.GetArgument("includeHidden", false)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdeaType>>>>("winners")
            .Description("Once final: the top ideas that received votes, up to winnerCount.")
            .ResolveAsync(async c => (await c.Service<BrainstormService>().Ideas(c.Caller(), c.Source, false))
                .Where(i => i.Idea.Rank <= c.Source.WinnerCount && i.Idea.Votes > 0).ToList());
        Field<IntGraphType>("myVotesLeft")
            .ResolveAsync(async c => await c.Service<BrainstormService>().VotesLeft(c.Caller(), c.Source));
    }
}

public sealed class VoteReceiptType : ObjectGraphType<VoteReceipt>
{
    public VoteReceiptType()
    {
        Name = "VoteReceipt";
        Field(x => x.IdeaId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.VotesLeft);
    }
}
