using Gamified.Leaderboards;
using System.Globalization;
using System.Text;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace Gamified.Api.Leaderboards;

public sealed class BoardWindowType : EnumerationGraphType<BoardWindow>
{
    public BoardWindowType()
    {
        Name = "LeaderboardWindow";
        Description = "All time, today, the current week or month of the rewards calendar (Asia/Shanghai by default), or a campaign's window.";
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
        Field<IntGraphType>("change").Description(ChangeDescription).Resolve(c => (int?)c.Source.Change);
    }

    public const string ChangeDescription =
        "Places gained since the day began in the rewards calendar (negative: places lost); null when new on the board today.";
}

public sealed class TeamStandingType : ObjectGraphType<TeamStanding>
{
    public TeamStandingType()
    {
        Name = "TeamStanding";
        Description = "A place on the team board: the XP the team's members earned while in the team.";
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => (int)c.Source.Rank);
        Field<NonNullGraphType<IntGraphType>>("score").Resolve(c => (int)c.Source.Score);
        Field(x => x.TeamId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field(x => x.Members).Description("Members now.");
        Field<IntGraphType>("change").Description(LearnerStandingType.ChangeDescription).Resolve(c => (int?)c.Source.Change);
    }
}

public sealed record BoardEdge<T>(string Cursor, T Node);

/// <summary>A page of a board as a Relay connection; cursors are ranks, so pages join without gaps or repeats.</summary>
public sealed record BoardPage<T>(IReadOnlyList<BoardEdge<T>> Edges, PageInfo PageInfo, long TotalCount)
{
    public static BoardPage<T> Of(IReadOnlyList<T> places, Func<T, long> rank, long offset, long total, string? after)
    {
        var edges = places.Select(p => new BoardEdge<T>(Paging.Cursor("rank", rank(p)), p)).ToList();
        return new BoardPage<T>(edges, PageInfo.Forward(edges.ConvertAll(e => e.Cursor), offset + edges.Count < total, after), total);
    }
}

public abstract class BoardEdgeType<T, TNodeType> : ObjectGraphType<BoardEdge<T>> where TNodeType : IGraphType
{
    protected BoardEdgeType(string name)
    {
        Name = name;
        Field(x => x.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
    }
}

public abstract class BoardPageType<T, TEdgeType> : ObjectGraphType<BoardPage<T>> where TEdgeType : IGraphType
{
    protected BoardPageType(string name)
    {
        Name = name;
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => (int)c.Source.TotalCount);
    }
}

public sealed class StandingEdgeType() : BoardEdgeType<LearnerStanding, LearnerStandingType>("LearnerStandingEdge");

public sealed class LearnerBoardType() : BoardPageType<LearnerStanding, StandingEdgeType>("LearnerStandingConnection");

public sealed class TeamStandingEdgeType() : BoardEdgeType<TeamStanding, TeamStandingType>("TeamStandingEdge");

public sealed class TeamBoardType() : BoardPageType<TeamStanding, TeamStandingEdgeType>("TeamStandingConnection");

public sealed class CampaignRefInput
{
    public string SchemeId { get; set; } = "";
    public string CampaignId { get; set; } = "";
}

public sealed class CampaignRefInputType : InputObjectGraphType<CampaignRefInput>
{
    public CampaignRefInputType()
    {
        Name = "CampaignRefInput";
        Description = "A campaign of a reward scheme, for the CAMPAIGN window.";
        Field(x => x.SchemeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.CampaignId, type: typeof(NonNullGraphType<IdGraphType>));
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
        Field<NonNullGraphType<LongGraphType>>("totalXp").Description("64-bit: a sum over the department's learners.")
            .Resolve(c => c.Source.TotalXp);
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
    /// <summary>The window and campaign arguments every board field takes.</summary>
    public static FieldBuilder<TSource, TReturn> WindowArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<BoardWindowType>("window", "Default ALL_TIME (CAMPAIGN when a campaign is given).")
        .Argument<CampaignRefInputType>("campaign", "The campaign, for the CAMPAIGN window.");

    public static FieldBuilder<TSource, TReturn> PageArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
        .Argument<StringGraphType>("after");

    /// <summary>The page of a board that <c>first</c> and <c>after</c> ask for; cursors are ranks.</summary>
    public static async Task<BoardPage<T>> Page<T>(this IResolveFieldContext c, Func<long, int, Task<(IReadOnlyList<T> Places, long Total)>> read, Func<T, long> rank)
    {
        var size = Paging.CheckFirst(c.GetArgument<int?>("first"));
        var after = c.GetArgument<string?>("after");
        var offset = after is not null ? Paging.Position("rank", after) : 0;
        var (places, total) = await read(offset, size);
        return BoardPage<T>.Of(places, rank, offset, total, after);
    }

    /// <summary>The window the arguments ask for (resolve it when the board is read: "this week" moves on).</summary>
    public static (BoardWindow Window, CampaignRef? Campaign) WindowRequested(this IResolveFieldContext c)
    {
        var campaign = c.GetArgument<CampaignRefInput?>("campaign");
        var window = c.GetArgument<BoardWindow?>("window") ?? (campaign is null ? BoardWindow.AllTime : BoardWindow.Campaign);
        return (window, campaign is null ? null : new CampaignRef(campaign.SchemeId, campaign.CampaignId));
    }

    public static Task<ResolvedWindow> Window(this IResolveFieldContext c)
    {
        var (window, campaign) = c.WindowRequested();
        return c.Service<LeaderboardService>().Resolve(window, campaign);
    }

    public static void AddLeaderboardQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<LearnerBoardType>>("learnerLeaderboard")
            .Description("Learners by XP in the window, organisation-wide or within a department; ties go to who got there first.")
            .Authorize()
            .WindowArguments()
            .Argument<IdGraphType>("departmentId")
            .PageArguments()
            .ResolveAsync(async c =>
            {
                var department = c.GetArgument<string?>("departmentId");
                if (department is not null) Validate.Id(department, "departmentId");
                var window = await c.Window();
                return await c.Page(async (offset, size) => await c.Service<LeaderboardService>().Learners(window, department, offset, size, c.Caller().Subject),
                    p => p.Rank);
            });
        query.Field<NonNullGraphType<TeamBoardType>>("teamLeaderboard")
            .Description("Teams by the XP their members earned while in the team, in the window; ties go to who got there first.")
            .Authorize()
            .WindowArguments()
            .PageArguments()
            .ResolveAsync(async c =>
            {
                var window = await c.Window();
                return await c.Page((offset, size) => c.Service<LeaderboardService>().Teams(window, offset, size), p => p.Rank);
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentStandingType>>>>("departmentLeaderboard")
            .Description("Departments by the chosen measure; departments with too few active learners share one row. Inactive departments are not rows.")
            .Authorize()
            .WindowArguments()
            .Argument<DepartmentMeasureType>("measure", "Default XP_PER_ACTIVE_LEARNER.")
            .Argument<BooleanGraphType>("rollUp", "Rank bureaus: each row counts its whole subtree (XP, heads once, members, gains), with the same " +
                                                  "minimum of active learners on the subtree's figures (default false: every department alone).", a => a.DefaultValue = false)
            .Argument<IdGraphType>("parentId", "With rollUp: the departments directly under this one are the rows (default: the top of the tree).")
            .ResolveAsync(async c => await c.Service<LeaderboardService>().Departments(await c.Window(),
                c.GetArgument("measure", DepartmentMeasure.XpPerActiveLearner), c.GetArgument("rollUp", false), c.GetArgument<string?>("parentId"),
                c.CancellationToken));
        query.Field<MyStandingType>("myRank")
            .Description("The caller's place and the places around it; null before their first XP in the window.")
            .AuthorizeWithRoles(Roles.Learner)
            .WindowArguments()
            .Argument<IntGraphType>("around", "Places above and below, 0 to 10 (default 2).")
            .Argument<BooleanGraphType>("departmentOnly", "Rank within the caller's department (default false).")
            .ResolveAsync(async c =>
            {
                var around = Validate.Range(c.GetArgument("around", 2), 0, 10, "around");
                var me = c.Caller().Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject.");
                return await c.Service<LeaderboardService>().Mine(me, await c.Window(), around, c.GetArgument("departmentOnly", false));
            });
    }

    public static void AddLeaderboardMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IntGraphType>>("rebuildLeaderboards")
            .Description("Clears every board and projects the whole ledger again; returns how many ledger entries the boards now cover (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(Gamified.Api.Audit.AuditMiddleware.Audited, true)
            .PayloadResult("entriesProjected")
            .ResolveAsync(async c => (int)Math.Min(int.MaxValue, await c.Service<ILeaderboardRebuild>().Rebuild(cancellationToken: c.CancellationToken)));
    }
}
