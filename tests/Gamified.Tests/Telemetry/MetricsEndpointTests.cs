using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task a_signed_in_admin_opens_the_dashboard_in_a_browser_through_a_cookie_that_only_the_dashboard_accepts()
    {
        var tokens = Server.Services.GetRequiredService<LocalTokens>();
        using var noToken = await Server.Anonymous.Http.PostAsync("/dashboard-session", null);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("UNAUTHENTICATED", await CodeOf(noToken));
        using var manager = await Server.ClientAs("dashboard-manager", [Roles.Manager]).Http.PostAsync("/dashboard-session", null);
        Assert.Equal(HttpStatusCode.Forbidden, manager.StatusCode);
        Assert.Equal("FORBIDDEN", await CodeOf(manager));
        Assert.False(manager.Headers.Contains("Set-Cookie"));

        var adminToken = tokens.Issue("dashboard-admin", [Roles.Admin]);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = Server.Address };
        using (var session = new HttpRequestMessage(HttpMethod.Post, "/dashboard-session"))
        {
            session.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
            using var opened = await browser.SendAsync(session);
            Assert.Equal(HttpStatusCode.NoContent, opened.StatusCode);
            var setCookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
            Assert.Contains("path=/dashboard", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        }

        // The page and its API open with the cookie alone, as a browser tab would send it.
        using (var page = await browser.GetAsync("/dashboard/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        // Elsewhere the same token as a cookie counts for nothing: the API and the metrics want the header.
        using (var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            elsewhere.Headers.Add("Cookie", $"gamified.dashboard={adminToken}");
            using var metrics = await Server.Anonymous.Http.SendAsync(elsewhere);
            Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        }
        // A learner's token planted in the cookie is a learner's: refused.
        using (var planted = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            planted.Headers.Add("Cookie", $"gamified.dashboard={tokens.Issue("dashboard-learner", [Roles.Learner])}");
            using var refused = await Server.Anonymous.Http.SendAsync(planted);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var closed = await browser.DeleteAsync("/dashboard-session");
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        using var after = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
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
