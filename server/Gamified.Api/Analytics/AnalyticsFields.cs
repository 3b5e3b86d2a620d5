using Gamified.Api.Common;
using Gamified.Api.Cost;
using Gamified.Api.Exports;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Analytics;

public static class AnalyticsFields
{
    public static void AddAnalyticsQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageVersionReportType>>>>("packageAnalytics")
            .Description("Effectiveness of a package, per version (the package's owner, managers, admins). CSV: /reports/package-analytics.csv?packageId=…")
            .AuthorizeWithRoles(Roles.Author, Roles.Manager, Roles.Admin)
            .AllowService(ServiceScopes.ReportsRead)
            .Argument<NonNullGraphType<IdGraphType>>("packageId")
            .Argument<StringGraphType>("version", "Only this version.")
            .ResolveAsync(async c => await c.Service<AnalyticsService>().PackageReport(c.Caller(), c.GetArgument<string>("packageId"),
                c.GetArgument<string?>("version"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentReportType>>>>("departmentAnalytics")
            .Description("Participation, on-time completion, gain and XP per active learner, with a weekly trend (managers: their departments; " +
                         "organisation-wide managers and admins: all). CSV: /reports/department-analytics.csv and /reports/department-weeks.csv")
            .AuthorizeWithRoles(Roles.Manager, Roles.Admin)
            .AllowService(ServiceScopes.ReportsRead)
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("departmentIds", "Default: every department the caller manages.")
            .Argument<DateTimeOffsetGraphType>("from", "Start of the window (its week); default: 12 weeks back.")
            .Argument<DateTimeOffsetGraphType>("to", "End of the window (the end of its week); default: now.")
            .Argument<DateTimeOffsetGraphType>("deadline", "Completions by then count as on time; default: the end of the window.")
            .Argument<BooleanGraphType>("rollUp", "One row per bureau: each department named (default: the tops of those the caller manages) with " +
                                                  "every department below it, learners counted once, the same minimum group size on the whole (default false).",
                a => a.DefaultValue = false)
            .ResolveAsync(async c => await c.Service<AnalyticsService>().DepartmentReport(c.Caller(), c.GetArgument<List<string>?>("departmentIds"),
                c.GetArgument<DateTimeOffset?>("from"), c.GetArgument<DateTimeOffset?>("to"), c.GetArgument<DateTimeOffset?>("deadline"), c.CancellationToken,
                c.GetArgument("rollUp", false)));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageRankType>>>>("packageGainRanking")
            .Description("Package versions by normalised gain per hour of learner time, best first. CSV: /reports/package-ranking.csv")
            .AuthorizeWithRoles(Roles.Author, Roles.Manager, Roles.Admin)
            .AllowService(ServiceScopes.ReportsRead)
            .Argument<IdGraphType>("departmentId", "Only that department's learners: a department the caller manages (organisation-wide managers and admins: any).")
            .ResolveAsync(async c => await c.Service<AnalyticsService>().Ranking(c.Caller(), c.GetArgument<string?>("departmentId"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StalePackageType>>>>("stalePackages")
            .Description("Packages past their review-by date: an author's own; all of them for managers and admins. CSV: /reports/stale-packages.csv")
            .AuthorizeWithRoles(Roles.Author, Roles.Manager, Roles.Admin)
            .AllowService(ServiceScopes.ReportsRead)
            .Resolve(c => c.Service<AnalyticsService>().Stale(c.Caller()));
        query.Field<NonNullGraphType<StatementPageType>>("exportStatements")
            .Description("Recorded activity of a time window as xAPI 1.0.3 statements, a page at a time (learners: their own; managers: their departments'; admins: all).")
            .AuthorizeWithRoles(Roles.Learner, Roles.Manager, Roles.Admin)
            .AllowService(ServiceScopes.ReportsRead)
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to")
            .Argument<IntGraphType>("first", $"1 to {XapiExport.MaxPage}; default 100.")
            .Argument<StringGraphType>("after")
            // Per statement: a row read and a JSON statement built.
            .Expensive(c => 10.0 * c.IntArgument("first", 100))
            .ResolveAsync(async c => await c.Service<XapiExport>().Page(c.Caller(), c.GetArgument<DateTimeOffset>("from"), c.GetArgument<DateTimeOffset>("to"),
                c.GetArgument("first", 100), c.GetArgument<string?>("after"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IssuedCredentialType>>>>("badgeCredentials")
            .Description("A learner's badges as signed Open Badges 3.0 credentials (the learner, managers of their department, admins).")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .Expensive(200)   // one signature per badge
            .ResolveAsync(async c =>
            {
                var learner = await c.Service<LearnerService>().Find(c.GetArgument<string>("learnerId"))
                              ?? throw DomainException.NotFound("Learner", c.GetArgument<string>("learnerId"));
                c.Caller().RequireCanSee(learner);
                return c.Service<BadgeCredentials>().Issue(learner, await c.Service<Gamified.Ledger.IBadgeStatusStore>().BadgePositions(learner.Profile.Id, c.CancellationToken));
            });
        query.Field<NonNullGraphType<CredentialCheckType>>("verifyCredential")
            .Description("Verifies a badge credential (a JWT this server issued), its signature and its revocation status: anyone may ask.")
            .AllowAnonymous()
            .Argument<NonNullGraphType<StringGraphType>>("jwt")
            .Expensive(100)   // an ECDSA check, open to anonymous callers
            .ResolveAsync(async c => await c.Service<BadgeStatusList>().Check(await c.Service<BadgeCredentials>().Verify(c.GetArgument<string>("jwt")), c.CancellationToken));
        query.Field<NonNullGraphType<StringGraphType>>("credentialIssuerKey")
            .Description("The credential issuer's public key as a JWK (JSON), for verifying credentials offline.")
            .AllowAnonymous()
            .Resolve(c => c.Service<BadgeCredentials>().PublicJwk());
    }
}
