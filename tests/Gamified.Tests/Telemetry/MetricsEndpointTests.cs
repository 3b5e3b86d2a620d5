using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Telemetry;

/// <summary>A server of its own: its counters move only with what these tests do (each host exports its own instruments).
/// The Orleans Dashboard is on, to show it refuses all but admins.</summary>
public sealed class MetricsServerFixture : ServerFixture
{
    protected override Task<ServerStorage> CreateStorageAsync() => Task.FromResult(ServerStorage.NewSqlite());

    protected override string[] Arguments => ["--Orleans:Dashboard:Enabled=true"];
}

/// <summary><c>/metrics</c>: Prometheus text for admins, the domain's meters beside ASP.NET Core's and Orleans'.</summary>
public sealed class MetricsEndpointTests(MetricsServerFixture fixture) : IClassFixture<MetricsServerFixture>
{
    private GamifiedServer Server => fixture.Server;

    [Fact]
    public async Task metrics_are_refused_without_a_token_and_to_a_learner_with_a_stable_code()
    {
        using var anonymous = await Server.Anonymous.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("UNAUTHENTICATED", await CodeOf(anonymous));

        using var learner = await Server.ClientAs("metrics-learner", [Roles.Learner]).Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, learner.StatusCode);
        Assert.Equal("FORBIDDEN", await CodeOf(learner));
        Assert.DoesNotContain("gamified_", await learner.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task an_admin_reads_the_statement_counter_move_by_one_with_a_group_commit_and_the_platform_meters()
    {
        var admin = new Scenario(Server.Client);
        var department = await admin.CreateDepartmentAsync();
        var learner = await admin.RegisterLearnerAsync(department);
        var before = Value(await Scrape(), "gamified_statements_total", "outcome=\"recorded\"");
        var commitsBefore = Value(await Scrape(), "gamified_group_commit_batch_size_count", "kind=\"ledger\"");

        (await admin.RecordActivityAsync(learner, "metrics-1")).AssertNoErrors();
        (await admin.RecordActivityAsync(learner, "metrics-1")).AssertNoErrors();   // the retry: replayed, not recorded again

        string text = "";
        await Poll.Until(async () =>
        {
            text = await Scrape();
            return Value(text, "gamified_statements_total", "outcome=\"replayed\"") >= 1;
        }, "the replay to be counted");
        Assert.Equal(before + 1, Value(text, "gamified_statements_total", "outcome=\"recorded\""));
        Assert.True(Value(text, "gamified_group_commit_batch_size_count", "kind=\"ledger\"") > commitsBefore);
        Assert.True(Value(text, "gamified_group_commit_duration_seconds_count", "kind=\"ledger\"") > commitsBefore);
        Assert.True(Value(text, "gamified_awards_total", "kind=\"xp\"") >= 1);
        Assert.Contains("gamified_projection_lag_seconds{", text);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);   // ASP.NET Core
        Assert.Contains("kestrel_", text);
        Assert.Matches(new Regex("^orleans_", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task the_metrics_port_serves_metrics_without_a_token_while_the_main_port_still_refuses_them()
    {
        var port = FreePort.Next();
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Telemetry:MetricsPort={port}");
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var open = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains("gamified_projection_lag_seconds{", await open.Content.ReadAsStringAsync());
        using var main = await server.Anonymous.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, main.StatusCode);
        using var api = await scraper.GetAsync("/graphql?query={__typename}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);   // the metrics port serves the metrics only
    }

    [Fact]
    public async Task the_orleans_dashboard_is_for_admins_only()
    {
        using var anonymous = await Server.Anonymous.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var manager = await Server.ClientAs("dashboard-manager", [Roles.Manager]).Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Forbidden, manager.StatusCode);
        using var admin = await Server.Client.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("<html", await admin.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> Scrape()
    {
        using var response = await Server.Client.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the series <paramref name="name"/> whose labels include <paramref name="label"/>; 0 when absent.</summary>
    private static double Value(string text, string name, string label)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) || !line.Contains(label, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            return double.Parse(value, CultureInfo.InvariantCulture);
        }
        return 0;
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>();
}
