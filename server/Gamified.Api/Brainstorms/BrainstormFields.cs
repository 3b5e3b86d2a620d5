using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Brainstorms;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Brainstorms;

public sealed class CreateBrainstormInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Titles { get; set; } = new();
    public LocalizedTextInput Question { get; set; } = new();
    public List<string> DepartmentIds { get; set; } = [];
    public DateTimeOffset? OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public int VotesPerLearner { get; set; } = 3;
    public int WinnerCount { get; set; } = 3;
}

public sealed class CreateBrainstormInputType : InputObjectGraphType<CreateBrainstormInput>
{
    public CreateBrainstormInputType()
    {
        Name = "CreateBrainstormInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Titles, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.Question, type: typeof(NonNullGraphType<LocalizedTextInputType>)).Description("Up to 1000 characters in each language.");
        Field(x => x.DepartmentIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>))
            .Description("2 to 50 departments taking part; you must manage every one.");
        Field(x => x.OpensAt, nullable: true).Description("Defaults to now.");
        Field(x => x.ClosesAt).Description("In the future, within 90 days of opensAt.");
        Field(x => x.VotesPerLearner).DefaultValue(3).Description("Vote budget per learner, 1 to 50.");
        Field(x => x.WinnerCount).DefaultValue(3).Description("How many top ideas win, 1 to 20.");
    }
}

public sealed class SubmitIdeaInput
{
    public string BrainstormId { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class SubmitIdeaInputType : InputObjectGraphType<SubmitIdeaInput>
{
    public SubmitIdeaInputType()
    {
        Name = "SubmitIdeaInput";
        Field(x => x.BrainstormId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Text).Description("5 to 1000 characters; at most 5 ideas a learner.");
    }
}

public sealed class IdeaRefInput
{
    public string BrainstormId { get; set; } = "";
    public string IdeaId { get; set; } = "";
    public string? Reason { get; set; }
}

public sealed class VoteIdeaInputType : InputObjectGraphType<IdeaRefInput>
{
    public VoteIdeaInputType()
    {
        Name = "VoteIdeaInput";
        Field(x => x.BrainstormId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.IdeaId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}

public sealed class HideIdeaInputType : InputObjectGraphType<IdeaRefInput>
{
    public HideIdeaInputType()
    {
        Name = "HideIdeaInput";
        Field(x => x.BrainstormId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.IdeaId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason, type: typeof(NonNullGraphType<StringGraphType>)).Description("Why, 1 to 500 characters (kept in the audit log).");
    }
}

public static class BrainstormFields
{
    public static void AddBrainstormQueries(this ObjectGraphType query)
    {
        query.Field<BrainstormType>("brainstorm")
            .Description("A brainstorm, for its departments' learners and managers.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var service = c.Service<BrainstormService>();
                if (await service.Find(c.GetArgument<string>("id")) is not { } brainstorm) return null;
                await service.RequireCanSee(c.Caller(), brainstorm);
                return brainstorm;
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<BrainstormType>>>>("brainstorms")
            .Description("Brainstorms you take part in or moderate, closing soonest first.")
            .Authorize()
            .Argument<BooleanGraphType>("openOnly", "Only those open now (default false).")
            .ResolveAsync(async c =>
            {
                var now = c.Service<TimeProvider>().GetUtcNow();
                var openOnly = c.GetArgument("openOnly", false);
                return (await c.Service<BrainstormService>().Visible(c.Caller())).Where(b => !openOnly || b.IsOpenAt(now)).ToList();
            });
    }

    public static void AddBrainstormMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<BrainstormType>>("createBrainstorm")
            .Description("Opens a question to departments you manage for a window.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CreateBrainstormInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CreateBrainstormInput>("input");
                var caller = c.Caller();
                return await c.Service<BrainstormService>().Create(caller, input.Id, new CreateBrainstorm(input.Titles.ToText(),
                    input.Question.ToText(), input.DepartmentIds, input.OpensAt ?? c.Service<TimeProvider>().GetUtcNow(), input.ClosesAt,
                    input.VotesPerLearner, input.WinnerCount, caller.Name));
            });
        mutation.Field<NonNullGraphType<IdeaType>>("submitIdea")
            .Description("Submits an idea to an open brainstorm of your department.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<SubmitIdeaInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SubmitIdeaInput>("input");
                return await c.Service<BrainstormService>().SubmitIdea(c.Caller(), input.BrainstormId, input.Text);
            });
        mutation.Field<NonNullGraphType<VoteReceiptType>>("voteIdea")
            .Description("Votes for another department's idea: once per idea, never your own, within your vote budget.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<VoteIdeaInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<IdeaRefInput>("input");
                return await c.Service<BrainstormService>().Vote(c.Caller(), input.BrainstormId, input.IdeaId);
            });
        mutation.Field<NonNullGraphType<IdeaType>>("hideIdea")
            .Description("Hides an idea from the brainstorm and its results, with a reason (the organiser, managers of the idea's department, admins; audited).")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Personal, new[] { "reason" })
            .Argument<NonNullGraphType<HideIdeaInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<IdeaRefInput>("input");
                return await c.Service<BrainstormService>().Hide(c.Caller(), input.BrainstormId, input.IdeaId, input.Reason ?? "");
            });
        mutation.Field<NonNullGraphType<BrainstormType>>("closeBrainstorm")
            .Description("Ends the brainstorm (now, if still open), fixes the ranking and records ideas, votes and winners as activity; repeatable (the organiser, managers of all its departments, admins; audited).")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<BrainstormService>().Close(c.Caller(), c.GetArgument<string>("id")));
    }
}
