using Gamified.Api.Activity;
using Gamified.Api.Common;
using Gamified.Records;
using GraphQL.Types;

namespace Gamified.Api.Records;

public sealed class TrainingCategoryType : EnumerationGraphType<TrainingCategory>
{
    public TrainingCategoryType()
    {
        Name = "TrainingCategory";
        Description = "Kinds of training hours: server-timed package work, workshops and expert lectures attended, brainstorms taken part in.";
    }
}

public sealed class CategoryHoursType : ObjectGraphType<CategoryHours>
{
    public CategoryHoursType()
    {
        Name = "CategoryHours";
        Field<NonNullGraphType<TrainingCategoryType>>("category").Resolve(c => c.Source.Category);
        Field(x => x.Hours).Description("Hours the server witnessed in the year, to two decimals.");
        Field(x => x.Required).Description("Hours the requirement asks for (0: none).");
        Field(x => x.Short).Description("Hours still missing (0 when met).");
    }
}

public sealed class CompletedPackageType : ObjectGraphType<CompletedPackage>
{
    public CompletedPackageType()
    {
        Name = "TrainingRecordPackage";
        Description = "A package completed in the year, with the lesson time the server measured in the year.";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<LocalizedTextType>("title").Resolve(c => c.Source.Titles);
        Field(x => x.CompletedAt);
        Field(x => x.TimeOnTaskSeconds);
    }
}

public sealed class AttendedSessionType : ObjectGraphType<AttendedSession>
{
    public AttendedSessionType()
    {
        Name = "TrainingRecordSession";
        Description = "A session checked in to: a workshop or an expert lecture, counted at the session's length.";
        Field(x => x.PlanId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SessionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<TrainingCategoryType>>("kind").Resolve(c => c.Source.Kind);
        Field<LocalizedTextType>("planTitle").Resolve(c => c.Source.PlanTitles);
        Field<LocalizedTextType>("sessionTitle").Resolve(c => c.Source.SessionTitles);
        Field(x => x.AttendedAt);
        Field<NonNullGraphType<FloatGraphType>>("hours").Resolve(c => Math.Round(c.Source.Seconds / 3600.0, 2));
    }
}

public sealed class BrainstormTakenType : ObjectGraphType<BrainstormTaken>
{
    public BrainstormTakenType()
    {
        Name = "TrainingRecordBrainstorm";
        Field(x => x.BrainstormId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Ideas).Description("Ideas submitted (shown at the close).");
        Field(x => x.Votes);
        Field(x => x.Won).Description("Ideas among the winners.");
        Field(x => x.LastAt);
    }
}

public sealed class UnwitnessedStatementType : ObjectGraphType<UnwitnessedStatement>
{
    public UnwitnessedStatementType()
    {
        Name = "TrainingRecordClaim";
        Description = "A statement the server did not witness (self-reported, or recorded by a manager): listed, counted toward no hours.";
        Field(x => x.ActivityId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Verb);
        Field(x => x.ObjectId);
        Field(x => x.ObjectKind);
        Field<NonNullGraphType<AttestationType>>("attestation").Resolve(c => c.Source.Attestation);
        Field(x => x.OccurredAt);
        Field(x => x.DurationSeconds, nullable: true).Description("The duration it claims.");
    }
}

public sealed class TrainingRecordType : ObjectGraphType<TrainingRecord>
{
    public TrainingRecordType()
    {
        Name = "TrainingRecord";
        Description = "A learner's training year (the organisation's calendar year in its time zone), from what the server witnessed.";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Year);
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompletedPackageType>>>>("packages").Resolve(c => c.Source.Packages);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AttendedSessionType>>>>("sessions").Resolve(c => c.Source.Sessions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BrainstormTakenType>>>>("brainstorms").Resolve(c => c.Source.Brainstorms);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnwitnessedStatementType>>>>("claims")
            .Description("Self-reported or manager-recorded statements of the year: shown, never counted.").Resolve(c => c.Source.Unwitnessed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryHoursType>>>>("hours").Resolve(c => c.Source.Hours);
        Field(x => x.TotalHours);
        Field(x => x.TotalRequired);
        Field(x => x.MeetsRequirement);
        Field<IdGraphType>("requirementFrom")
            .Description("The department whose requirement applies: the learner's own, or its nearest ancestor with one; null: none set.")
            .Resolve(c => c.Source.RequirementFrom);
    }
}

public sealed record RequiredHours(TrainingCategory Category, double Hours);

public sealed class RequiredHoursType : ObjectGraphType<RequiredHours>
{
    public RequiredHoursType()
    {
        Name = "RequiredHours";
        Field<NonNullGraphType<TrainingCategoryType>>("category").Resolve(c => c.Source.Category);
        Field(x => x.Hours);
    }
}

public sealed class TrainingRequirementType : ObjectGraphType<TrainingRequirement>
{
    public TrainingRequirementType()
    {
        Name = "TrainingRequirement";
        Description = "Hours a department asks of each learner in a year, by category; it applies to departments below it without their own.";
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The department that set it.");
        Field(x => x.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RequiredHoursType>>>>("hours")
            .Resolve(c => c.Source.Hours.OrderBy(h => h.Key).Select(h => new RequiredHours(h.Key, h.Value)).ToList());
        Field(x => x.SetBy);
        Field(x => x.SetAt);
    }
}

public sealed class LearnerYearType : ObjectGraphType<LearnerYear>
{
    public LearnerYearType()
    {
        Name = "LearnerTrainingYear";
        Field<NonNullGraphType<IdGraphType>>("learnerId").Resolve(c => c.Source.Learner.LearnerId);
        Field<NonNullGraphType<StringGraphType>>("displayName").Resolve(c => c.Source.Learner.DisplayName);
        Field<NonNullGraphType<TrainingRecordType>>("record").Resolve(c => c.Source.Record);
    }
}

public sealed class TrainingCertificateType : ObjectGraphType<CertificateSnapshot>
{
    public TrainingCertificateType()
    {
        Name = "TrainingCertificate";
        Description = "A certificate of a training year as issued: open `url` to print it; the same page verifies the code for anyone.";
        Field(x => x.Code).Description("128 random bits, base64url: the verification code printed on the certificate.");
        Field<NonNullGraphType<StringGraphType>>("url").Resolve(c => CertificatePage.Path(c.Source.Code));
        Field(x => x.Year);
        Field(x => x.LearnerName);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryHoursType>>>>("hours").Resolve(c => c.Source.Hours);
        Field(x => x.TotalHours);
        Field<NonNullGraphType<LocalizedTextType>>("issuer").Resolve(c => c.Source.Issuer);
        Field(x => x.IssuedAt);
    }
}

public sealed class RequiredHoursInput
{
    public TrainingCategory Category { get; set; }
    public double Hours { get; set; }
}

public sealed class RequiredHoursInputType : InputObjectGraphType<RequiredHoursInput>
{
    public RequiredHoursInputType()
    {
        Name = "RequiredHoursInput";
        Field<NonNullGraphType<TrainingCategoryType>>("category");
        Field(x => x.Hours).Description($"0 to {TrainingRecordService.MaxHours}.");
    }
}

public sealed class SetTrainingRequirementInput
{
    public string DepartmentId { get; set; } = "";
    public int Year { get; set; }
    public List<RequiredHoursInput> Hours { get; set; } = [];
}

public sealed class SetTrainingRequirementInputType : InputObjectGraphType<SetTrainingRequirementInput>
{
    public SetTrainingRequirementInputType()
    {
        Name = "SetTrainingRequirementInput";
        Field(x => x.DepartmentId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RequiredHoursInputType>>>>("hours")
            .Description("Hours by category; categories not named ask for none. Empty: the department takes its nearest ancestor's again.");
    }
}
