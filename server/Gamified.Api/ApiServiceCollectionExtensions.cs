using Microsoft.Extensions.DependencyInjection.Extensions;
using Gamified.Api.Audit;
using Gamified.Common;
using Gamified.Api.Challenges;
using Gamified.Api.Common;
using Gamified.Api.Content;
using Gamified.Api.Security;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using Gamified.Api.Departments;
using Gamified.Api.Learners;
using Gamified.Api.Ledger;
using Gamified.Api.Rewards;
using Gamified.Api.Schema;
using Gamified.Api.Teams;
using Gamified.Api.Transport;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gamified.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The GraphQL schema, its facades over the grains, and the HTTP transport.</summary>
    public static IServiceCollection AddGamifiedApi(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        var limits = services.AddValidatedOptions<GraphQLHttpOptions>(configuration, GraphQLHttpOptions.Section, o => o.Problem());
        var queryCost = new Cost.QueryCostRule(limits);
        services.AddValidatedOptions<Exports.ExportOptions>(configuration, Exports.ExportOptions.Section, o => o.Problem());
        services.AddSingleton<Xapi.XapiStatements>();
        services.AddValidatedOptions<Xapi.XapiOptions>(configuration, Xapi.XapiOptions.Section, o => o.Problem());
        services.AddValidatedOptions<Gamified.Cmi5.Cmi5Options>(configuration, Gamified.Cmi5.Cmi5Options.Section, o => o.Problem());
        services.AddSingleton<Cmi5.Cmi5Launcher>();
        services.AddSingleton<Cmi5.Cmi5Rules>();
        services.AddSingleton<Cmi5.Cmi5UnitStates>();
        services.AddSingleton<Gamified.Cmi5.ICmi5AbandonedStatements, Cmi5.Cmi5Abandonment>();
        services.AddSingleton<Xapi.IStatementGate>(sp => sp.GetRequiredService<Cmi5.Cmi5Rules>());
        services.AddSingleton<Cmi5.Cmi5Waivers>();
        services.AddHttpContextAccessor();
        // The node's own event hub; with Redis the storage layer fans events out through it (see AddGamifiedBoardStore).
        services.AddSingleton<Live.LiveEvents>();
        services.AddSingleton<LearnerService>();
        services.AddSingleton<PersonalDataErasure>();
        // The built-in provider registers the real one; with an external provider there are no sign-ins here to end.
        services.TryAddSingleton<Gamified.Accounts.ISignInSessions, Gamified.Accounts.NoSignInSessions>();
        services.AddSingleton<People.PeopleService>();
        services.AddSingleton<People.StaffImport>();
        services.AddSingleton<DepartmentService>();
        services.AddSingleton<DepartmentTree>();
        services.AddValidatedOptions<ClaimMappingOptions>(configuration, ClaimMappingOptions.Section, o => o.Problem());
        services.AddSingleton<ManagedDepartments>();
        services.AddSingleton<Microsoft.AspNetCore.Authentication.IClaimsTransformation, CallerClaims>();
        services.AddSingleton<TeamService>();
        services.AddSingleton<ChallengeService>();
        services.AddSingleton<Plans.PlanService>();
        services.AddSingleton<Brainstorms.BrainstormService>();
        services.AddValidatedOptions<Records.TrainingRecordOptions>(configuration, Records.TrainingRecordOptions.Section, o => o.Problem());
        services.AddSingleton<Records.TrainingRecordService>();
        services.AddSingleton<LedgerService>();
        services.AddSingleton<Activity.LearnerActivityService>();
        services.AddSingleton<Notifications.NotificationService>();
        services.AddSingleton<PackageService>();
        services.AddSingleton<PackageRewardApprovals>();
        services.AddSingleton<RewardSchemeService>();
        services.AddSingleton<Leaderboards.LeaderboardService>();
        services.AddSingleton<Leaderboards.BoardPageCache>();
        services.AddSingleton<Analytics.AnalyticsService>();
        services.AddSingleton<FairPlay.SuspiciousActivityService>();
        services.AddSingleton<Exports.XapiExport>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        services.AddSingleton<ValidatedDocuments>();
        services.AddSingleton<GraphQLWebSocketEndpoint>();
        services.AddValidatedOptions<WebSocketLimitOptions>(configuration, WebSocketLimitOptions.Section, o =>
            o.MaxSubscriptionsPerSocket < 1 || o.MaxSocketsPerUser < 1 ? "MaxSubscriptionsPerSocket and MaxSocketsPerUser are positive."
            : o.SessionRecheckInterval < TimeSpan.FromSeconds(1) ? "SessionRecheckInterval is at least one second." : null);
        services.AddSingleton<OpenSockets>();

        services.AddGraphQL(graphql => graphql
            .AddSchema<GamifiedSchema>()
            .AddGraphTypes(typeof(GamifiedSchema).Assembly)
            // CJK text stays readable in responses instead of \uXXXX escapes.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All))
            .AddErrorInfoProvider(_ => ErrorMapping.Provider())
            // Root and expensive fields are counted first, so an aliased flood is refused with one error.
            .AddValidationRule(queryCost)
            .AddValidationRule<AuthorizationValidationRule>()
            // Depth and cost are checked before execution; the cost of a connection counts its `first`, and
            // expensive fields carry their own price (Cost.FieldCost).
            .AddComplexityAnalyzer(complexity =>
            {
                complexity.MaxDepth = null;        // checked by queryCost, with its code
                complexity.MaxComplexity = null;
                complexity.DefaultListImpactMultiplier = Paging.DefaultPageSize;
                complexity.ValidateComplexityDelegate = queryCost.CheckComplexity;
            })
            .UseMiddleware<AuditMiddleware>()
            .ConfigureExecutionOptions(options =>
            {
                if (!(limits.EnableIntrospection ?? isDevelopment))
                    options.ValidationRules = (options.ValidationRules ?? DocumentValidator.CoreRules).Append(NoIntrospectionValidationRule.Instance);
            })
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.ExecutionOptions.RequestServices!.GetRequiredService<ILoggerFactory>().CreateLogger("Gamified.Api.GraphQL");
                ErrorMapping.Handle(context, logger);
            }));
        return services;
    }

    public static IEndpointConventionBuilder MapGamifiedGraphQL(this IEndpointRouteBuilder endpoints, string path = "/graphql") =>
        endpoints.Map(path, context => context.WebSockets.IsWebSocketRequest
            ? context.RequestServices.GetRequiredService<GraphQLWebSocketEndpoint>().Handle(context)
            : context.RequestServices.GetRequiredService<GraphQLHttpEndpoint>().Handle(context));
}
