using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Leaderboards;

public enum BoardKind
{
    Learners,
    DepartmentLearners,
    Teams,
    Departments,
}

/// <summary>Which board: learners (all, or of one department), teams, or departments by a measure.</summary>
public sealed record BoardSpec(BoardKind Kind, string? DepartmentId, DepartmentMeasure Measure);

/// <summary>One place on any board; the entry is a <see cref="LearnerStanding"/>, <see cref="TeamStanding"/> or <see cref="DepartmentStanding"/>.</summary>
public sealed record AnyPlace(long Rank, double Score, long? Change, object Entry);

/// <summary>Any board as one list of places, so a client can render boards of every kind the same way.</summary>
public static class AnyBoard
{
    public static async Task<(IReadOnlyList<AnyPlace> Places, long Total)> Read(this LeaderboardService boards, BoardSpec board, ResolvedWindow window,
        long offset, int count, string? me, CancellationToken cancellationToken)
    {
        switch (board.Kind)
        {
            case BoardKind.Learners or BoardKind.DepartmentLearners:
                var (learners, learnerTotal) = await boards.Learners(window, board.DepartmentId, offset, count, me);
                return (learners.Select(p => new AnyPlace(p.Rank, p.Score, p.Change, p)).ToList(), learnerTotal);
            case BoardKind.Teams:
                var (teams, teamTotal) = await boards.Teams(window, offset, count);
                return (teams.Select(p => new AnyPlace(p.Rank, p.Score, p.Change, p)).ToList(), teamTotal);
            default:
                // Departments are ranked by a measure computed per request (dozens of rows, not a sorted set).
                var departments = await boards.Departments(window, board.Measure, rollUp: false, parentId: null, cancellationToken);
                return (departments.Skip((int)Math.Min(offset, int.MaxValue)).Take(count).Select(p => new AnyPlace(p.Rank, p.Value, null, p)).ToList(),
                    departments.Count);
        }
    }

    public static BoardSpec Spec(this IResolveFieldContext c)
    {
        var input = c.GetArgument<BoardInput?>("board") ?? new BoardInput();
        if (input.DepartmentId is not null) Validate.Id(input.DepartmentId, "board.departmentId");
        if (input.Measure is not null && input.Kind != BoardKind.Departments)
            throw DomainException.BadInput("board.measure", "Only the DEPARTMENTS board takes a measure.");
        return (input.Kind, input.DepartmentId) switch
        {
            (BoardKind.DepartmentLearners, null) => throw DomainException.BadInput("board.departmentId", "A department's learner board needs its departmentId."),
            (not BoardKind.DepartmentLearners, not null) => throw DomainException.BadInput("board.departmentId", "Only DEPARTMENT_LEARNERS takes a departmentId."),
            _ => new BoardSpec(input.Kind, input.DepartmentId, input.Measure ?? DepartmentMeasure.XpPerActiveLearner),
        };
    }

    public static void AddAnyBoardQuery(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<AnyBoardType>>("leaderboard")
            .Description("Any board (learners, a department's learners, teams, departments by a measure) in any window, as one connection.")
            .Authorize()
            .Argument<BoardInputType>("board", "Default: learners of the whole organisation.")
            .WindowArguments()
            .PageArguments()
            .ResolveAsync(async c =>
            {
                var (board, window) = (c.Spec(), await c.Window());
                return await c.Page((offset, size) => c.Service<LeaderboardService>().Read(board, window, offset, size, c.Caller().Subject, c.CancellationToken), p => p.Rank);
            });
    }
}

public sealed class BoardInput
{
    public BoardKind Kind { get; set; } = BoardKind.Learners;
    public string? DepartmentId { get; set; }
    public DepartmentMeasure? Measure { get; set; }
}

public sealed class BoardKindType : EnumerationGraphType<BoardKind>
{
    public BoardKindType() => Name = "LeaderboardKind";
}

public sealed class BoardInputType : InputObjectGraphType<BoardInput>
{
    public BoardInputType()
    {
        Name = "LeaderboardInput";
        Field(x => x.Kind, type: typeof(NonNullGraphType<BoardKindType>));
        Field(x => x.DepartmentId, type: typeof(IdGraphType)).Description("For DEPARTMENT_LEARNERS.");
        Field(x => x.Measure, type: typeof(DepartmentMeasureType)).Description("For DEPARTMENTS; default XP_PER_ACTIVE_LEARNER.");
    }
}

public sealed class BoardEntryType : UnionGraphType
{
    public BoardEntryType()
    {
        Name = "LeaderboardEntry";
        Type<LearnerStandingType>();
        Type<TeamStandingType>();
        Type<DepartmentStandingType>();
        ResolveType = entry =>
        {
            var name = entry switch { LearnerStanding => "LearnerStanding", TeamStanding => "TeamStanding", _ => "DepartmentStanding" };
            return PossibleTypes.First(t => t.Name == name);
        };
    }
}

public sealed class AnyPlaceType : ObjectGraphType<AnyPlace>
{
    public AnyPlaceType()
    {
        Name = "LeaderboardPlace";
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => (int)c.Source.Rank);
        Field(x => x.Score).Description("XP on learner and team boards; the chosen measure on the department board.");
        Field<IntGraphType>("change").Description(LearnerStandingType.ChangeDescription + " Always null for departments.")
            .Resolve(c => (int?)c.Source.Change);
        Field<NonNullGraphType<BoardEntryType>>("entry").Resolve(c => c.Source.Entry);
    }
}

public sealed class AnyPlaceEdgeType() : BoardEdgeType<AnyPlace, AnyPlaceType>("LeaderboardEdge");

public sealed class AnyBoardType() : BoardPageType<AnyPlace, AnyPlaceEdgeType>("LeaderboardConnection");
