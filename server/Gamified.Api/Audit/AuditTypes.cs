using Gamified.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Audit;

public sealed class AuditEntryType : ObjectGraphType<AuditEntry>
{
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "One privileged action: who, what, when, from where, and how it ended.";
        Field(x => x.At);
        Field(x => x.Actor);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles")
            .Resolve(c => c.Source.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Field(x => x.Action);
        Field(x => x.Target, nullable: true);
        Field(x => x.Outcome).Description("OK, or the error code the action ended with.");
        Field(x => x.Details).Description("The arguments, as JSON.");
        Field(x => x.ClientAddress, nullable: true);
    }
}

public sealed record AuditEdge(string Cursor, AuditEntry Node);

public sealed record AuditConnection(IReadOnlyList<AuditEdge> Edges, PageInfo PageInfo);

public sealed class AuditEdgeType : ObjectGraphType<AuditEdge>
{
    public AuditEdgeType()
    {
        Name = "AuditEntryEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<AuditEntryType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class AuditConnectionType : ObjectGraphType<AuditConnection>
{
    public AuditConnectionType()
    {
        Name = "AuditEntryConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}

public static class AuditFields
{
    private const string Kind = "audit";

    public static void AddAuditQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<AuditConnectionType>>("auditLog")
            .Description("Privileged actions, newest first, as a Relay connection (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .Argument<StringGraphType>("actor")
            .Argument<StringGraphType>("action")
            .ResolveAsync(async c =>
            {
                var after = c.GetArgument<string?>("after");
                var size = Paging.CheckFirst(c.GetArgument<int?>("first"));
                // Positions grow with time, so "older than the last one seen" is a keyset for a newest-first list.
                long? before = after is null ? null : Paging.Position(Kind, after);
                var rows = await c.Service<IAuditStore>().Read(new AuditQuery(c.GetArgument<string?>("actor"), c.GetArgument<string?>("action"), before, size + 1), c.CancellationToken);
                var edges = rows.Take(size).Select(e => new AuditEdge(Paging.Cursor(Kind, e.Position), e)).ToList();
                return new AuditConnection(edges, PageInfo.Forward(edges.ConvertAll(e => e.Cursor), rows.Count > size, after));
            });
    }
}
