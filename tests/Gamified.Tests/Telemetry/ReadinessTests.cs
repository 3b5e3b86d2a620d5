using System.Net;
using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Telemetry;

/// <summary><c>/health/ready</c> with the boards on Redis: Redis away makes the node degraded (still 200), not down.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task readiness_is_degraded_not_down_while_redis_is_stopped_and_healthy_again_when_it_returns()
    {
        using var redis = new OwnRedis();
        redis.Start();
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Leaderboards:Redis={redis.Endpoint}");
        await WaitForStatus(server, "Healthy");

        redis.Stop();
        var degraded = await WaitForStatus(server, "Degraded");
        Assert.Equal("Degraded", degraded["checks"]!["redis"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", degraded["checks"]!["silo-and-storage"]!["status"]!.GetValue<string>());
        // Activity is still recorded meanwhile: that is why the node stays in the load balancer.
        var admin = new Scenario(server.Client);
        (await admin.RecordActivityAsync(await admin.RegisterLearnerAsync(await admin.CreateDepartmentAsync()), "while-degraded")).AssertNoErrors();

        redis.Start();
        await WaitForStatus(server, "Healthy");
    }

    /// <summary>Polls readiness until it reports <paramref name="status"/>, which must come with a 200.</summary>
    private static async Task<JsonNode> WaitForStatus(GamifiedServer server, string status)
    {
        JsonNode body = new JsonObject();
        await Poll.Until(async () =>
        {
            using var response = await server.Anonymous.Http.GetAsync("/health/ready");
            body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return body["status"]!.GetValue<string>() == status && response.StatusCode == HttpStatusCode.OK;
        }, $"readiness to say {status}");
        return body;
    }
}
