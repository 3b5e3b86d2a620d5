using System.Security.Cryptography;
using System.Text;
using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.People;

public sealed class MoveLearnerInput
{
    public string LearnerId { get; set; } = "";
    public string DepartmentId { get; set; } = "";
}

public sealed class MoveLearnerInputType : InputObjectGraphType<MoveLearnerInput>
{
    public MoveLearnerInputType()
    {
        Name = "MoveLearnerInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The department the learner belongs to from now on.");
    }
}

public static class PeopleFields
{
    public static void AddPeopleQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<LearnerConnectionType>>("learners")
            .Description("Learners in id order, a page at a time: managers see their departments' learners, admins everyone. `search` matches the id or the name.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .AllowService(ServiceScopes.StaffImport)
            .Argument<StringGraphType>("search", "Part of the learner id (employee number) or name, at most 100 characters.")
            .Argument<IdGraphType>("departmentId", "Only this department (one the caller manages).")
            .Argument<IntGraphType>("first", "Page size, 1 to 100 (default 20).")
            .Argument<StringGraphType>("after", "The endCursor of the previous page.")
            .ResolveAsync(async c => await c.Service<PeopleService>().Page(c.Caller(), c.GetArgument<string?>("search"),
                c.GetArgument<string?>("departmentId"), c.GetArgument<int?>("first"), c.GetArgument<string?>("after"), c.CancellationToken));
    }

    public static void AddPeopleMutations(this ObjectGraphType mutation)
    {
        mutation.Field<StaffImportReportType>("importStaff")
            .Description("Imports staff from an HR export (CSV, header row; see docs). dryRun (the default) only reports what would change. "
                         + "Learners missing from the file are deactivated only with deactivateMissing. Admins, and service accounts with staff:import within their departments.")
            .AuthorizeWithRoles(Roles.Admin)
            .AllowService(ServiceScopes.StaffImport)
            .WithMetadata(AuditMiddleware.Audited, true)
            .WithMetadata(AuditMiddleware.Summary, (AuditSummary)SummariseImport)
            .PayloadResult("report")
            .Argument<NonNullGraphType<StringGraphType>>("csv", $"The file's text, at most {StaffCsv.MaxBytes / (1024 * 1024)} MiB and {StaffCsv.MaxRows:N0} rows.")
            .Argument<BooleanGraphType>("dryRun", "Only report (default true).", a => a.DefaultValue = true)
            .Argument<BooleanGraphType>("deactivateMissing", "Deactivate active learners who are not in the file (default false).", a => a.DefaultValue = false)
            .ResolveAsync(async c => await c.Service<StaffImport>().Run(c.GetArgument<string>("csv"), c.GetArgument("dryRun", true),
                c.GetArgument("deactivateMissing", false), c.CancellationToken, StaffImport.ReachOf(c.Caller())));

        mutation.Field<LearnerType>("moveLearner")
            .Description("Moves a learner to another department from now on (managers of both departments, admins; never oneself). XP earned before stays with the old department.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .PayloadResult("learner")
            .Argument<NonNullGraphType<MoveLearnerInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<MoveLearnerInput>("input");
                return await c.Service<PeopleService>().Move(c.Caller(), input.LearnerId, input.DepartmentId);
            });

        mutation.Field<LearnerType>("deactivateLearner")
            .Description("Takes a learner off the boards and plans' progress lists, stops them scoring and ends their sign-ins; their ledger stays (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .PayloadResult("learner")
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveAsync(async c => await c.Service<PeopleService>().SetActive(c.Caller(), c.GetArgument<string>("learnerId"), active: false));

        mutation.Field<LearnerType>("reactivateLearner")
            .Description("Brings a deactivated learner back onto the boards and lists, with the XP they had (admins).")
            .AuthorizeWithRoles(Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .PayloadResult("learner")
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveAsync(async c => await c.Service<PeopleService>().SetActive(c.Caller(), c.GetArgument<string>("learnerId"), active: true));
    }

    /// <summary>The audit keeps the file's digest and size and what the import did, never the file (it holds personal data).</summary>
    private static object SummariseImport(IResolveFieldContext context, object? result)
    {
        var csv = context.GetArgument<string>("csv") ?? "";
        var payload = result as MutationPayload;
        var report = payload?.Result as StaffImportReport;
        return new
        {
            digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv))),
            bytes = Encoding.UTF8.GetByteCount(csv),
            dryRun = context.GetArgument("dryRun", true),
            deactivateMissing = context.GetArgument("deactivateMissing", false),
            rows = report?.Rows,
            created = report?.Created,
            changed = report?.Changed,
            moved = report?.Moved,
            reactivated = report?.Reactivated,
            deactivated = report?.Deactivated,
            failures = report?.Failures.Count,
            refusals = payload?.UserErrors.OfType<StaffImportError>().Select(e => e.Code).Distinct().ToArray() ?? [],
        };
    }
}
