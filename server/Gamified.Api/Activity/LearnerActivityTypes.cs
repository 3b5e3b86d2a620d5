using Gamified.Activity;
using Gamified.Api.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Activity;

/// <summary>A statement as its learner (and their managers) see it, with who vouches for it.</summary>
public sealed record LearnerActivity(LearnerStatement Row, ActivityStatement Statement);

public sealed record LearnerActivityEdge(string Cursor, LearnerActivity Node);

public sealed record LearnerActivityConnection(IReadOnlyList<LearnerActivityEdge> Edges, PageInfo PageInfo);

/// <summary>Reads a learner's statements newest first, straight from the store.</summary>
public sealed class LearnerActivityService(IActivityHistory history)
{
    private const string Kind = "activity";

    public async Task<LearnerActivityConnection> Page(string learnerId, int? first, string? after, CancellationToken cancellationToken)
    {
        var size = Paging.CheckFirst(first);
        var rows = await history.Recent(learnerId, after is null ? null : BeforeId(after), size + 1, cancellationToken);
        var edges = rows.Take(size).Select(r => new LearnerActivityEdge(Cursor(r.ActivityId), new LearnerActivity(r, StatementRules.FromJson(r.StatementJson))))
            .ToList();
        return new LearnerActivityConnection(edges, PageInfo.Forward(edges.ConvertAll(e => e.Cursor), rows.Count > size, after));
    }

    private static string Cursor(string activityId) => Paging.Cursor(Kind, activityId);

    // Activity ids are time-ordered hex (version 7 GUIDs), which is what makes them a keyset.
    private static string BeforeId(string cursor) =>
        Paging.Key(Kind, cursor, id => id.Length is > 0 and <= 32 && id.All(char.IsAsciiHexDigitLower));
}

public sealed class LearnerActivityType : ObjectGraphType<LearnerActivity>
{
    public LearnerActivityType()
    {
        Name = "LearnerActivity";
        Description = "A recorded statement: what was stated, who vouches for it, and what it earned.";
        Field<NonNullGraphType<IdGraphType>>("activityId").Resolve(c => c.Source.Row.ActivityId);
        Field<NonNullGraphType<VerbType>>("verb").Resolve(c => c.Source.Statement.Verb);
        Field<NonNullGraphType<StringGraphType>>("objectId").Resolve(c => c.Source.Statement.Object.Id);
        Field<NonNullGraphType<ObjectKindType>>("objectKind").Resolve(c => c.Source.Statement.Object.Kind);
        Field<NonNullGraphType<AttestationType>>("attestation").Resolve(c => c.Source.Statement.Attestation);
        Field<FloatGraphType>("score").Resolve(c => c.Source.Statement.Result?.Score);
        Field<NonNullGraphType<IntGraphType>>("xpAwarded").Resolve(c => c.Source.Row.XpAwarded);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("occurredAt")
            .Description("The time that decided its day for caps, streaks and campaigns: the server's receipt (an admin import's reported time).")
            .Resolve(c => c.Source.Row.OccurredAt);
        Field<DateTimeOffsetGraphType>("reportedAt").Description("The time the client said, as sent; never used for scoring.")
            .Resolve(c => c.Source.Statement.ReportedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Resolve(c => c.Source.Row.RecordedAt);
    }
}

public sealed class LearnerActivityEdgeType : ObjectGraphType<LearnerActivityEdge>
{
    public LearnerActivityEdgeType()
    {
        Name = "LearnerActivityEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<LearnerActivityType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class LearnerActivityConnectionType : ObjectGraphType<LearnerActivityConnection>
{
    public LearnerActivityConnectionType()
    {
        Name = "LearnerActivityConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerActivityEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}
