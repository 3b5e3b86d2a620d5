using Gamified.Api.Common;
using Gamified.Api.Security;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.FairPlay;

public static class SuspiciousActivityFields
{
    public const string Rule =
        "Per learner of the department over the window (by when the server received each statement, days in the rewards time zone): " +
        "statements per active day, XP per active day, and the average normalised gain of package versions with both tests taken. " +
        "On each measure, over the learners with a value (the peer group), a learner is flagged when their modified z-score " +
        "0.6745 × (x − median) / MAD exceeds 3.5 (Iglewicz–Hoaglin; when MAD is 0, (x − median) / (1.2533 × mean absolute deviation)) " +
        "and x is at least twice the median (when the median is positive). A peer group under Analytics:MinGroupSize learners (at least 3) flags nobody.";

    public static void AddSuspiciousActivityQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<SuspiciousActivityReportType>>("suspiciousActivity")
            .Description("Learners of a department far outside their peers over a window, with the way to their ledger (managers of the department; " +
                         "organisation-wide managers and admins: any). " + Rule)
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("departmentId")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from", "Start of the window, in the years 2000 to 2100.")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to", $"End of the window (excluded); at most {SuspiciousActivityService.MaxDays} days after from.")
            .ResolveAsync(async c => await c.Service<SuspiciousActivityService>().Report(c.Caller(), c.GetArgument<string>("departmentId"),
                c.GetArgument<DateTimeOffset>("from"), c.GetArgument<DateTimeOffset>("to"), c.CancellationToken));
    }
}
