using Gamified.Api.Audit;
using Gamified.Api.Common;
using Gamified.Api.Cost;
using Gamified.Api.Security;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Records;

public static class TrainingRecordFields
{
    public static void AddTrainingRecordQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<TrainingRecordType>>("trainingRecord")
            .Description("A learner's training year: for the learner, managers of their department and admins.")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .Argument<NonNullGraphType<IntGraphType>>("year", "A calendar year of the organisation's time zone.")
            .ResolveAsync(async c => await c.Service<TrainingRecordService>().Record(c.Caller(), c.GetArgument<string>("learnerId"), c.GetArgument<int>("year")));
        query.Field<TrainingRequirementType>("trainingRequirement")
            .Description("The requirement that applies to a department in a year (its own, or its nearest ancestor's); null: none.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("departmentId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c => await c.Service<TrainingRecordService>().Requirement(c.Caller(), c.GetArgument<string>("departmentId"), c.GetArgument<int>("year")));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerYearType>>>>("trainingShortfall")
            .Description("The active learners of a department you manage who are short of its requirement in a year, furthest short first " +
                "(onlyShort: false lists everyone). CSV: GET /reports/training-records.csv?departmentId=…&year=….")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Expensive(100)   // reads a year of statements of a whole department
            .Argument<NonNullGraphType<IdGraphType>>("departmentId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<BooleanGraphType>("onlyShort", "Default true.")
            .ResolveAsync(async c => await c.Service<TrainingRecordService>().Department(c.Caller(), c.GetArgument<string>("departmentId"),
                c.GetArgument<int>("year"), c.GetArgument("onlyShort", true)));
    }

    public static void AddTrainingRecordMutations(this ObjectGraphType mutation)
    {
        mutation.Field<TrainingRequirementType>("setTrainingRequirement")
            .Description("Sets the hours a department you manage asks of each learner in a year, by category. Answers the requirement that now applies.")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .WithMetadata(AuditMiddleware.Audited, true)
            .Argument<NonNullGraphType<SetTrainingRequirementInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SetTrainingRequirementInput>("input");
                return await c.Service<TrainingRecordService>().SetRequirement(c.Caller(), input.DepartmentId, input.Year,
                    input.Hours.Select(h => (h.Category, h.Hours)).ToList());
            });
        mutation.Field<NonNullGraphType<TrainingCertificateType>>("issueTrainingCertificate")
            .Description("Issues your certificate of a year (the same one again while its figures are unchanged): print it from `url`.")
            .AuthorizeWithRoles(Roles.Learner)
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c => await c.Service<TrainingRecordService>().Issue(c.Caller(), c.GetArgument<int>("year")));
    }
}
