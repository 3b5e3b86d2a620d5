using Gamified.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Gamified.Tests.Hosting;

/// <summary>A setting the server cannot work with stops it before it serves, naming the setting; nothing starts half-configured.</summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("--Rewards:TimeZone=Mars/Olympus_Mons", "Rewards: TimeZone")]
    [InlineData("--Privacy:PseudonymSecret=short", "Privacy: PseudonymSecret")]
    [InlineData("--Storage:Provider=Postgres", "Storage: ConnectionString")]
    [InlineData("--Leaderboards:MinActiveLearners=0", "Leaderboards: MinActiveLearners")]
    [InlineData("--GraphQL:MaxDepth=0", "GraphQL: MaxQueryLength, MaxDepth")]
    [InlineData("--GraphQL:MaxExpensiveFields=0", "GraphQL: MaxRootFields and MaxExpensiveFields")]
    [InlineData("--Exports:XapiBase=not-an-iri", "Exports: XapiBase")]
    [InlineData("--RateLimits:PerUserPerMinute=0", "RateLimits: PerUserPerMinute")]
    [InlineData("--WebSockets:MaxSocketsPerUser=0", "WebSockets: MaxSubscriptionsPerSocket and MaxSocketsPerUser")]
    [InlineData("--ForwardedHeaders:ForwardLimit=0", "ForwardedHeaders: ForwardLimit")]
    [InlineData("--Orleans:LongTurnWarning=00:00:00", "Orleans: LongTurnWarning")]
    public void an_unworkable_setting_stops_the_server_naming_it(string setting, string named)
    {
        var refusal = Assert.Throws<OptionsValidationException>(() => GamifiedHost.Build(["--Urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}", setting]));
        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public async Task orleans_kubernetes_turns_on_orleanss_kubernetes_hosting_on_postgres_and_excludes_a_single_node()
    {
        string[] postgres = ["--Urls=http://127.0.0.1:0", "--Storage:Provider=Postgres", "--Storage:ConnectionString=Host=127.0.0.1;Database=unused",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}"];
        await using var pods = GamifiedHost.Build([.. postgres, "--Orleans:Kubernetes=true"]);
        await using var plain = GamifiedHost.Build(postgres);
        Assert.NotEmpty(pods.Services.GetServices<IConfigureOptions<Orleans.Hosting.Kubernetes.KubernetesHostingOptions>>());
        Assert.Empty(plain.Services.GetServices<IConfigureOptions<Orleans.Hosting.Kubernetes.KubernetesHostingOptions>>());

        var refusal = Assert.Throws<OptionsValidationException>(() => GamifiedHost.Build([.. postgres, "--Orleans:Kubernetes=true", "--Orleans:OneMachine=true"]));
        Assert.Contains("Orleans: Kubernetes and OneMachine", refusal.Message);
    }

    /// <summary>In Development the container checks every registration as it is built, so a port left without its adapter fails here.</summary>
    [Fact]
    public async Task the_defaults_build_a_server_whose_every_service_resolves()
    {
        await using var app = GamifiedHost.Build(["--environment=Development", "--Urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}"]);
        Assert.NotNull(app.Services.GetService(typeof(IOptions<Gamified.Rewards.RewardSettings>)));
    }

    [Fact]
    public async Task orleans_long_turn_warning_becomes_the_schedulers_threshold_and_without_it_orleanss_default_stays()
    {
        string DataDirectory() => $"--Storage:DataDirectory={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"))}";
        await using var configured = GamifiedHost.Build(["--Urls=http://127.0.0.1:0", DataDirectory(), "--Orleans:LongTurnWarning=00:00:00.1"]);
        await using var plain = GamifiedHost.Build(["--Urls=http://127.0.0.1:0", DataDirectory()]);

        Assert.Equal(TimeSpan.FromMilliseconds(100), configured.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value.TurnWarningLengthThreshold);
        Assert.Equal(SchedulingOptions.DEFAULT_TURN_WARNING_THRESHOLD, plain.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value.TurnWarningLengthThreshold);
    }
}
