using System.Globalization;
using System.Text;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Storage.Leaderboards;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Leaderboards;

public sealed class BoardWindowType : EnumerationGraphType<BoardWindow>
{
    public BoardWindowType()
    {
        Name = "LeaderboardWindow";
        Description = "All time, or the current week or month of the rewards calendar (Asia/Shanghai by default).";
    }
}

public sealed class DepartmentMeasureType : EnumerationGraphType<DepartmentMeasure>
{
    public DepartmentMeasureType() => Name = "DepartmentMeasure";
}

public sealed class LearnerStandingType : ObjectGraphType<LearnerStanding>
{
    public LearnerStandingType()
    {
        Name = "LearnerStanding";
        Description = "A place on a learner board, shown by the learner's chosen public name.";
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => (int)c.Source.Rank);
        Field<NonNullGraphType<IntGraphType>>("score").Resolve(c => (int)c.Source.Score);
        Field(x => x.Name).Description("Real name, pseudonym or 匿名学员, as the learner chose.");
        Field<IdGraphType>("departmentId").Description("Not shown for learners who chose to be hidden.")
            .Resolve(c => c.Source.DepartmentId.Length == 0 ? null : c.Source.DepartmentId);
        Field(x => x.IsMe);
    }
}

public sealed record StandingEdge(string Cursor, LearnerStanding Node);

public sealed record LearnerBoard(IReadOnlyList<StandingEdge> Edges, PageInfo PageInfo, long TotalCount);

public sealed class StandingEdgeType : ObjectGraphType<StandingEdge>
{
    public StandingEdgeType()
    {
        Name = "LearnerStandingEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<LearnerStandingType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class LearnerBoardType : ObjectGraphType<LearnerBoard>
{
    public LearnerBoardType()
    {
        Name = "LearnerLeaderboard";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StandingEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => (int)c.Source.TotalCount);
    }
}

public sealed class DepartmentStandingType : ObjectGraphType<DepartmentStanding>
{
    public DepartmentStandingType()
    {
        Name = "DepartmentStanding";
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => (int)c.Source.Rank);
        Field<IdGraphType>("departmentId").Description("Null for the grouped row of departments with too few active learners.")
            .Resolve(c => c.Source.DepartmentId);
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field(x => x.Value).Description("The chosen measure.");
        Field<NonNullGraphType<IntGraphType>>("totalXp").Resolve(c => (int)c.Source.TotalXp);
        Field(x => x.ActiveLearners).Description("Learners with XP in the window.");
        Field(x => x.Members);
        Field(x => x.AverageLearningGain, nullable: true);
        Field(x => x.Grouped);
    }
}

public sealed class MyStandingType : ObjectGraphType<MyStanding>
{
    public MyStandingType()
    {
        Name = "MyStanding";
        Field<NonNullGraphType<LearnerStandingType>>("me").Resolve(c => c.Source.Me);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerStandingType>>>>("above").Resolve(c => c.Source.Above);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerStandingType>>>>("below").Resolve(c => c.Source.Below);
    }
}

public static class LeaderboardFields
{
    public static void AddLeaderboardQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<LearnerBoardType>>("learnerLeaderboard")
            .Description("Learners by XP in the window, organisation-wide or within a department; ties go to who got there first.")
            .Authorize()
            .Argument<BoardWindowType>("window", "Default ALL_TIME.")
            .Argument<IdGraphType>("departmentId")
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var size = Paging.CheckFirst(c.GetArgument<int?>("first"));
                var offset = c.GetArgument<string?>("after") is { } after ? Paging.Position("rank", after) : 0;
                var department = c.GetArgument<string?>("departmentId");
                if (department is not null) Validate.Id(department, "departmentId");
                var (places, total) = await c.Service<LeaderboardService>().Learners(c.GetArgument("window", BoardWindow.AllTime), department,
                    offset, size, c.Caller().Subject);
                var edges = places.Select(p => new StandingEdge(Paging.Cursor("rank", p.Rank), p)).ToList();
                return new LearnerBoard(edges, new PageInfo(offset + edges.Count < total, edges.Count > 0 ? edges[^1].Cursor : c.GetArgument<string?>("after")), total);
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentStandingType>>>>("departmentLeaderboard")
            .Description("Departments by the chosen measure; departments with too few active learners share one row.")
            .Authorize()
            .Argument<BoardWindowType>("window", "Default ALL_TIME.")
            .Argument<DepartmentMeasureType>("measure", "Default XP_PER_ACTIVE_LEARNER.")
            .ResolveAsync(async c => await c.Service<LeaderboardService>().Departments(c.GetArgument("window", BoardWindow.AllTime),
                c.GetArgument("measure", DepartmentMeasure.XpPerActiveLearner)));
        query.Field<MyStandingType>("myRank")
            .Description("The caller's place and the places around it; null before their first XP in the window.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<BoardWindowType>("window", "Default ALL_TIME.")
            .Argument<IntGraphType>("around", "Places above and below, 0 to 10 (default 2).")
            .Argument<BooleanGraphType>("departmentOnly", "Rank within the caller's department (default false).")
            .ResolveAsync(async c =>
            {
                var around = Validate.Range(c.GetArgument("around", 2), 0, 10, "around");
                var me = c.Caller().Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject.");
                return await c.Service<LeaderboardService>().Mine(me, c.GetArgument("window", BoardWindow.AllTime), around,
                    c.GetArgument("departmentOnly", false));
            });
    }

    public static void AddLeaderboardMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IntGraphType>>("rebuildLeaderboards")
            .Description("Clears every board and projects the whole ledger again; returns the ledger entries projected (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(Gamified.Api.Audit.AuditMiddleware.Audited, true)
            .ResolveAsync(async c => (int)Math.Min(int.MaxValue, await c.Service<BoardProjection>().Rebuild(cancellationToken: c.CancellationToken)));
    }
}
