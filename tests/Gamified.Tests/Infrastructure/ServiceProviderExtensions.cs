using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Infrastructure;

internal static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services) where T : notnull => services.GetRequiredService<T>();
}
