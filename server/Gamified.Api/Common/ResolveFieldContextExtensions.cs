using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Common;

internal static class ResolveFieldContextExtensions
{
    /// <summary>The request's instance of a service: resolvers reach grains only through these facades.</summary>
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();
}
