using Gamified.Api.Challenges;
using Gamified.Api.Departments;
using Gamified.Api.Learners;
using Gamified.Api.Ledger;
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
    public static IServiceCollection AddGamifiedApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphQLHttpOptions>(configuration.GetSection(GraphQLHttpOptions.Section));
        services.AddSingleton<LearnerService>();
        services.AddSingleton<DepartmentService>();
        services.AddSingleton<TeamService>();
        services.AddSingleton<ChallengeService>();
        services.AddSingleton<LedgerService>();
        services.AddSingleton<GraphQLHttpEndpoint>();

        services.AddGraphQL(graphql => graphql
            .AddSchema<GamifiedSchema>()
            .AddGraphTypes(typeof(GamifiedSchema).Assembly)
            // CJK text stays readable in responses instead of \uXXXX escapes.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All))
            .AddErrorInfoProvider(_ => ErrorMapping.Provider())
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.ExecutionOptions.RequestServices!.GetRequiredService<ILoggerFactory>().CreateLogger("Gamified.Api.GraphQL");
                ErrorMapping.Handle(context, logger);
            }));
        return services;
    }

    public static IEndpointConventionBuilder MapGamifiedGraphQL(this IEndpointRouteBuilder endpoints, string path = "/graphql") =>
        endpoints.Map(path, context => context.RequestServices.GetRequiredService<GraphQLHttpEndpoint>().Handle(context));
}
