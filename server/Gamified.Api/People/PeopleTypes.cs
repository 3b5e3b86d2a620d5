using Gamified.Api.Common;
using Gamified.Api.Learners;
using GraphQL.Types;

namespace Gamified.Api.People;

public sealed class StaffImportErrorType : ObjectGraphType<StaffImportError>
{
    public StaffImportErrorType()
    {
        Name = "StaffImportError";
        Description = "A line of the staff CSV that cannot be imported: its line number (1 is the header; 0: the whole file), a stable code, and the value at fault.";
        Field(x => x.Line).Description("The line of the file, counting the header as line 1; 0 when the problem is the whole file.");
        Field(x => x.Code).Description("Stable: STAFF_UNKNOWN_DEPARTMENT, STAFF_DUPLICATE_EMPLOYEE_NUMBER, CSV_MISSING_COLUMN, …");
        Field(x => x.Message);
        Field(x => x.Column, nullable: true).Description("The column at fault (employee_number, name, department, roles, email, phone).");
        Field(x => x.Value, nullable: true)
            .Description("The value at fault, at most 64 characters, with an apostrophe before it when a spreadsheet would take it for a formula.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field").Description("[\"csv\", line, column] when the problem is on a line.")
            .Resolve(c => c.Source.Line > 0 ? (IEnumerable<string>)["csv", c.Source.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), .. c.Source.Column is { } col ? [col] : Array.Empty<string>()] : null);
        Interface<UserErrorType>();
        IsTypeOf = o => o is StaffImportError;
    }
}

public sealed class StaffChangeActionType : EnumerationGraphType<StaffChangeAction>
{
    public StaffChangeActionType()
    {
        Name = "StaffChangeAction";
        Description = "What the import does to a learner.";
    }
}

public sealed class StaffChangeType : ObjectGraphType<StaffChange>
{
    public StaffChangeType()
    {
        Name = "StaffChange";
        Field(x => x.Line, nullable: true).Description("The line of the file; null for a deactivation (the learner is not in the file).");
        Field<NonNullGraphType<IdGraphType>>("learnerId").Resolve(c => c.Source.LearnerId);
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("As a spreadsheet may show it: never a formula.")
            .Resolve(c => StaffImportError.Echo(c.Source.DisplayName));
        Field<NonNullGraphType<StaffChangeActionType>>("action").Resolve(c => c.Source.Action);
        Field<IdGraphType>("fromDepartmentId").Resolve(c => c.Source.FromDepartmentId);
        Field<IdGraphType>("toDepartmentId").Resolve(c => c.Source.ToDepartmentId);
    }
}

public sealed class StaffImportReportType : ObjectGraphType<StaffImportReport>
{
    public StaffImportReportType()
    {
        Name = "StaffImportReport";
        Description = "What the staff import did, or in a dry run would do.";
        Field(x => x.DryRun);
        Field(x => x.Rows).Description("People in the file.");
        Field(x => x.Created);
        Field(x => x.Changed).Description("Name, roles or contacts changed.");
        Field(x => x.Moved).Description("Moved to another department (XP already earned stays with the old one for past windows).");
        Field(x => x.Reactivated);
        Field(x => x.Deactivated).Description("Active learners not in the file; only with deactivateMissing.");
        Field(x => x.Unchanged);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StaffChangeType>>>>("changes")
            .Description($"The changes, in file order (deactivations last); the first {StaffImport.MaxChangesShown}.").Resolve(c => c.Source.Changes);
        Field(x => x.ChangesTruncated);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StaffImportErrorType>>>>("failures")
            .Description("Learners that could not be changed (e.g. their department was removed meanwhile); run the import again to retry them.")
            .Resolve(c => c.Source.Failures);
    }
}

public sealed class LearnerEdgeType : ObjectGraphType<LearnerEdge>
{
    public LearnerEdgeType()
    {
        Name = "LearnerEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<LearnerType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class LearnerConnectionType : ObjectGraphType<LearnerConnection>
{
    public LearnerConnectionType()
    {
        Name = "LearnerConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}
