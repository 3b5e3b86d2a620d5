using Gamified.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Infrastructure;

/// <summary>The domain meter for a test that builds a component by hand, on a meter factory of its own.</summary>
public static class TestMetrics
{
    public static GamifiedMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
}
