using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Common;

internal static class ResolveFieldContextExtensions
{
    /// <summary>The request's instance of a service: resolvers reach grains only through these facades.</summary>
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    /// <summary>
    /// One value per request under <paramref name="key"/>, made on first use: a read or loader that many fields of the
    /// same response share. Fields resolve in parallel, so the request's context is locked while it is looked up.
    /// </summary>
    public static T PerRequest<T>(this IResolveFieldContext context, string key, Func<T> create) where T : class
    {
        lock (context.UserContext)
        {
            if (context.UserContext.TryGetValue(key, out var known)) return (T)known!;
            var made = create();
            context.UserContext[key] = made;
            return made;
        }
    }
}
