using Gamified.Ledger;
using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Departments;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Departments;

public sealed class DepartmentType : ObjectGraphType<DepartmentInfo>
{
    /// <summary>
    /// The department's totals. Every department of a page asks the request's one loader, which reads all of them in a
    /// single query once the executor has walked the list, however many of memberCount, activeLearnerCount and totalXp
    /// the query selects.
    /// </summary>
    private static GraphQL.DataLoader.IDataLoaderResult<DepartmentTotals?> Totals(IResolveFieldContext<DepartmentInfo> c) =>
        c.PerRequest("department-totals", () => c.Service<DepartmentService>().TotalsLoader()).Load(c.Source.Id);

    public DepartmentType()
    {
        Name = "Department";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("names").Resolve(c => c.Source.Names);
        Field<DepartmentType>("parent").Description("The bureau this department belongs to, if any.")
            .ResolveAsync(async c => c.Source.ParentId is { } parent ? await c.Service<DepartmentService>().Find(parent) : null);
        Field(x => x.CreatedAt);
        Field<NonNullGraphType<BooleanGraphType>>("active")
            .Description("False once deactivated or merged: it takes no new learners or departments and is off the live boards; its history stays.")
            .Resolve(c => c.Source.Active);
        Field(x => x.DeactivatedAt, nullable: true).Description("When it was deactivated or merged.");
        Field<DepartmentType>("mergedInto").Description("The department it was merged into, if a merge deactivated it.")
            .ResolveAsync(async c => c.Source.MergedInto is { } into ? await c.Service<DepartmentService>().Find(into) : null);
        Field<NonNullGraphType<IntGraphType>>("memberCount")
            .Resolve(c => Totals(c).Then(t => t!.Members));
        Field<NonNullGraphType<IntGraphType>>("activeLearnerCount").Description("Members with at least one ledger entry.")
            .Resolve(c => Totals(c).Then(t => t!.ActiveLearners));
        // A sum over many learners: 64-bit, so a large department never overflows a 32-bit Int.
        Field<NonNullGraphType<LongGraphType>>("totalXp")
            .Resolve(c => Totals(c).Then(t => t!.TotalXp));
    }
}

public sealed class CreateDepartmentInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Names { get; set; } = new();
    public string? ParentId { get; set; }
}

public sealed class CreateDepartmentInputType : InputObjectGraphType<CreateDepartmentInput>
{
    public CreateDepartmentInputType()
    {
        Name = "CreateDepartmentInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("A lower-case slug, e.g. big-data-bureau.");
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>));
        Field(x => x.ParentId, type: typeof(IdGraphType)).Description("The bureau above this department, if any.");
    }
}

public sealed class UpdateDepartmentInput
{
    public string Id { get; set; } = "";
    public LocalizedTextInput Names { get; set; } = new();
}

public sealed class UpdateDepartmentInputType : InputObjectGraphType<UpdateDepartmentInput>
{
    public UpdateDepartmentInputType()
    {
        Name = "UpdateDepartmentInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Names, type: typeof(NonNullGraphType<LocalizedTextInputType>)).Description("The new names; the id stays.");
    }
}

public sealed class MoveDepartmentInput
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
}

public sealed class MoveDepartmentInputType : InputObjectGraphType<MoveDepartmentInput>
{
    public MoveDepartmentInputType()
    {
        Name = "MoveDepartmentInput";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ParentId, type: typeof(IdGraphType)).Description("The bureau to move it under; null moves it to the top.");
    }
}

public sealed class DepartmentMergeType : ObjectGraphType<DepartmentMerge>
{
    public DepartmentMergeType()
    {
        Name = "DepartmentMerge";
        Field<NonNullGraphType<DepartmentType>>("from").Description("The merged department, now inactive.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DepartmentType>>("into").Resolve(c => c.Source.Into);
        Field(x => x.LearnersMoved).Description("Active learners moved by this call (a repeat moves only those left).");
        Field(x => x.DepartmentsMoved).Description("Departments moved from below it to below the target by this call.");
    }
}

public sealed class MergeDepartmentInput
{
    public string From { get; set; } = "";
    public string Into { get; set; } = "";
}

public sealed class MergeDepartmentInputType : InputObjectGraphType<MergeDepartmentInput>
{
    public MergeDepartmentInputType()
    {
        Name = "MergeDepartmentInput";
        Field(x => x.From, type: typeof(NonNullGraphType<IdGraphType>)).Description("The department that goes away.");
        Field(x => x.Into, type: typeof(NonNullGraphType<IdGraphType>)).Description("The active department that takes its learners and departments.");
    }
}

public static class DepartmentFields
{
    public static void AddDepartmentQueries(this ObjectGraphType query)
    {
        query.Field<DepartmentType>("department")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<DepartmentService>().Find(c.GetArgument<string>("id")));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentType>>>>("departments")
            .Authorize()
            .Argument<BooleanGraphType>("includeInactive", "Also deactivated and merged departments (default false).", a => a.DefaultValue = false)
            .ResolveAsync(async c => await c.Service<DepartmentService>().List(c.GetArgument("includeInactive", false)));
    }

    public static void AddDepartmentMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DepartmentType>>("createDepartment")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<CreateDepartmentInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CreateDepartmentInput>("input");
                return await c.Service<DepartmentService>().Create(input.Id, new CreateDepartment(input.Names.ToText(), input.ParentId));
            });
        mutation.Field<NonNullGraphType<DepartmentType>>("updateDepartment")
            .Description("Renames a department (admins); its id, members and history stay.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<UpdateDepartmentInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<UpdateDepartmentInput>("input");
                return await c.Service<DepartmentService>().Rename(input.Id, input.Names.ToText());
            });
        mutation.Field<NonNullGraphType<DepartmentType>>("moveDepartment")
            .Description("Moves a department, with everything below it, under another bureau or to the top (admins). A bureau's " +
                         "managers manage every department below it, so their reach moves with it. Refused if the tree would loop.")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<MoveDepartmentInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<MoveDepartmentInput>("input");
                return await c.Service<DepartmentService>().Move(input.Id, input.ParentId);
            });
        mutation.Field<NonNullGraphType<DepartmentMergeType>>("mergeDepartment")
            .Description("For a re-organisation: moves everyone active in `from` to `into` (XP earned before stays where it was earned) and " +
                         "the departments below `from` under `into`, then deactivates `from`, remembering where it went. Admins, or a manager " +
                         "of both who also manages the department above `from`. Repeating it finishes a merge that stopped half-way.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .PayloadResult("merge")
            .Argument<NonNullGraphType<MergeDepartmentInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<MergeDepartmentInput>("input");
                return await c.Service<DepartmentService>().Merge(c.Caller(), input.From, input.Into);
            });
        mutation.Field<NonNullGraphType<DepartmentType>>("deactivateDepartment")
            .Description("Deactivates an empty department: refused (DEPARTMENT_NOT_EMPTY, with counts) while it has active learners or active " +
                         "departments below it. It then takes no new learners and leaves the live boards; its history stays. Admins, or " +
                         "managers of the department above it.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<DepartmentService>().SetActive(c.Caller(), c.GetArgument<string>("id"), active: false));
        mutation.Field<NonNullGraphType<DepartmentType>>("reactivateDepartment")
            .Description("Makes a deactivated (or merged) department active again; refused while the department above it is inactive.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<DepartmentService>().SetActive(c.Caller(), c.GetArgument<string>("id"), active: true));
    }
}
