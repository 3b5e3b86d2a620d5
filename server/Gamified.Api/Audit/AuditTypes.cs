using Gamified.Audit;
using System.Globalization;
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
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => c.Source.Position.ToString(CultureInfo.InvariantCulture));
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

public static class AuditFields
{
    public static void AddAuditQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("auditLog")
            .Description("Privileged actions, newest first (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("before", "The cursor of the last entry of the previous page.")
            .Argument<StringGraphType>("actor")
            .Argument<StringGraphType>("action")
            .ResolveAsync(async c =>
            {
                var before = c.GetArgument<string?>("before");
                long? position = null;
                if (before is not null)
                    position = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                        ? p
                        : throw DomainException.BadInput("before", "before is not a cursor of the audit log.");
                return await c.Service<IAuditStore>().Read(new AuditQuery(
                    c.GetArgument<string?>("actor"), c.GetArgument<string?>("action"), position, Paging.CheckFirst(c.GetArgument<int?>("first"))));
            });
    }
}
