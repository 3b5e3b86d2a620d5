using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;
using Gamified.Xapi;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Tests.Cmi5;

/// <summary>
/// Launching an AU over real HTTP (cmi5 sections 8 and 10): the registration reused, LMS.LaunchData in the LRS's state, the
/// one-time fetch URL, and the launch token's limits. Run on both storages.
/// </summary>
public abstract class Cmi5LaunchTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private sealed record Launch(string Url, string Registration, string SessionId, Dictionary<string, string> Parameters);

    private async Task<(string Learner, GraphQLClient Client, string PackageId)> Course()
    {
        var packageId = "test.cmi5." + Guid.NewGuid().ToString("n")[..8];
        var author = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        Assert.Empty((await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(packageId)))["userErrors"]!.AsArray());
        var (learner, client) = await new ContentScenario(Server).NewLearnerAsync();
        return (learner, client, packageId);
    }

    private static async Task<Launch> LaunchAsync(GraphQLClient learner, string packageId, string auId)
    {
        var launch = (await learner.QueryAsync("""
            mutation($p: ID!, $au: ID!) { launchAssignableUnit(packageId: $p, auId: $au) {
              assignableUnitLaunch { url registration sessionId launchMethod sandboxed } userErrors { code message } } }
            """, new { p = packageId, au = auId }))["launchAssignableUnit"]!["assignableUnitLaunch"]!;
        var url = launch["url"]!.GetValue<string>();
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        return new Launch(url, launch["registration"]!.GetValue<string>(), launch["sessionId"]!.GetValue<string>(),
            query.AllKeys.ToDictionary(k => k!, k => query[k]!));
    }

    private HttpClient Http() => new() { BaseAddress = Server.Address };

    private async Task<JsonObject> FetchAsync(Launch launch)
    {
        using var http = Http();
        using var answer = await http.PostAsync(launch.Parameters["fetch"], null);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<HttpResponseMessage> XapiAsync(HttpMethod method, string path, string? basicToken, string? body = null)
    {
        using var http = Http();
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        if (basicToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basicToken);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await http.SendAsync(request);
    }

    private static string LaunchDataPath(Launch launch, string? registration = null) =>
        "/xapi/activities/state?stateId=LMS.LaunchData&activityId=" + Uri.EscapeDataString(launch.Parameters["activityId"])
        + "&agent=" + Uri.EscapeDataString(launch.Parameters["actor"]) + "&registration=" + (registration ?? launch.Registration);

    private static string Statement(Launch launch, string verb, string? registration = null, string? actorName = null)
    {
        var actor = JsonNode.Parse(launch.Parameters["actor"])!;
        if (actorName is not null) actor["account"]!["name"] = actorName;
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["actor"] = actor,
            ["verb"] = new JsonObject { ["id"] = $"http://adlnet.gov/expapi/verbs/{verb}" },
            ["object"] = new JsonObject { ["id"] = launch.Parameters["activityId"] },
            ["context"] = new JsonObject { ["registration"] = registration ?? launch.Registration },
        }.ToJsonString();
    }

    [Fact]
    public async Task a_launch_reuses_the_registration_writes_launch_data_and_its_fetch_url_hands_out_a_token_once()
    {
        var (learner, client, packageId) = await Course();
        var first = await LaunchAsync(client, packageId, Cmi5Sample.QuizAu);
        var second = await LaunchAsync(client, packageId, Cmi5Sample.QuizAu);

        Assert.Equal(first.Registration, second.Registration);
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal(first.Registration, first.Parameters["registration"]);
        Assert.Equal(Cmi5Sample.QuizAu, first.Parameters["activityId"]);
        Assert.Equal(learner, JsonNode.Parse(first.Parameters["actor"])!["account"]!["name"]!.GetValue<string>());
        Assert.EndsWith("/xapi/", first.Parameters["endpoint"]);
        Assert.Contains($"/cmi5/content/{packageId}/1.0.0/au/quiz.html?", first.Url);

        var token = (await FetchAsync(second))["auth-token"]!.GetValue<string>();
        var again = await FetchAsync(second);
        Assert.Null(again["auth-token"]);
        Assert.Equal("1", again["error-code"]!.GetValue<string>());

        using var state = await XapiAsync(HttpMethod.Get, LaunchDataPath(second), token);
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        var launchData = JsonNode.Parse(await state.Content.ReadAsStringAsync())!;
        Assert.Equal(second.SessionId, launchData["contextTemplate"]!["extensions"]!["https://w3id.org/xapi/cmi5/context/extensions/sessionid"]!.GetValue<string>());
        Assert.Equal("CompletedAndPassed", launchData["moveOn"]!.GetValue<string>());
        Assert.Equal(0.6, launchData["masteryScore"]!.GetValue<double>());
        Assert.Equal("Normal", launchData["launchMode"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(launchData["returnURL"]!.GetValue<string>()));

        // The AU's page comes with its own sandbox, so its scripts run in an opaque origin beside the pages.
        using var http = Http();
        using var page = await http.GetAsync(new Uri(second.Url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("sandbox allow-scripts", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("allow-same-origin", page.Headers.GetValues("Content-Security-Policy").Single());
        using var structure = await http.GetAsync($"/cmi5/content/{packageId}/1.0.0/cmi5.xml");
        Assert.Equal(HttpStatusCode.NotFound, structure.StatusCode);

        // The LMS recorded the launch in the learner's registration.
        var launched = await LaunchedStatements(learner, first.Registration);
        Assert.Equal(2, launched.Count);
        Assert.All(launched, s => Assert.Equal("SERVER", s.Statement.Attestation));
    }

    [Fact]
    public async Task a_launch_token_is_worth_nothing_on_graphql_nor_outside_its_registration_and_what_it_states_is_attested_launch_session()
    {
        var (learner, client, packageId) = await Course();
        var launch = await LaunchAsync(client, packageId, Cmi5Sample.ReadingAu);
        var token = (await FetchAsync(launch))["auth-token"]!.GetValue<string>();

        using (var http = Http())
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent("""{"query":"mutation($p: ID!) { startPackage(packageId: $p) { packageProgress { version } } }","variables":{"p":"x.y"}}""",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
            using var graphql = await http.SendAsync(request);
            Assert.Contains("UNAUTHENTICATED", await graphql.Content.ReadAsStringAsync());
        }

        var otherRegistration = Guid.NewGuid().ToString("D");
        using (var elsewhere = await XapiAsync(HttpMethod.Post, "/xapi/statements", token, Statement(launch, "initialized", otherRegistration)))
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        using (var otherState = await XapiAsync(HttpMethod.Get, LaunchDataPath(launch, otherRegistration), token))
            Assert.Equal(HttpStatusCode.Forbidden, otherState.StatusCode);
        using (var aboutSomeoneElse = await XapiAsync(HttpMethod.Post, "/xapi/statements", token, Statement(launch, "initialized", actorName: "someone-else")))
            Assert.Equal(HttpStatusCode.Forbidden, aboutSomeoneElse.StatusCode);
        using (var forged = await XapiAsync(HttpMethod.Post, "/xapi/statements", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{launch.SessionId}:guess")),
                   Statement(launch, "initialized")))
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        using var stated = await XapiAsync(HttpMethod.Post, "/xapi/statements", token, Statement(launch, "initialized"));
        Assert.Equal(HttpStatusCode.OK, stated.StatusCode);
        var id = Guid.Parse(JsonNode.Parse(await stated.Content.ReadAsStringAsync())![0]!.GetValue<string>());
        var row = await Server.Services.GetRequiredService<IXapiStatementStore>().Find(id);
        Assert.Equal("LAUNCH_SESSION", row!.Statement.Attestation);
    }

    [Fact]
    public async Task a_launch_token_reads_its_learners_cmi5_preferences_and_no_other_agent_profile_document()
    {
        var (_, client, packageId) = await Course();
        var launch = await LaunchAsync(client, packageId, Cmi5Sample.ReadingAu);
        var token = (await FetchAsync(launch))["auth-token"]!.GetValue<string>();
        var path = "/xapi/agents/profile?profileId=cmi5LearnerPreferences&agent=" + Uri.EscapeDataString(launch.Parameters["actor"]);
        // The learner sets their preferences with their own token (cmi5 section 11: the LMS's, for the AU to read).
        using (var mine = new HttpRequestMessage(HttpMethod.Put, path))
        {
            mine.Headers.Add("X-Experience-API-Version", "1.0.3");
            mine.Content = new StringContent("""{"languagePreference":"en-US,zh-CN","audioPreference":"on"}""", Encoding.UTF8, "application/json");
            Assert.True((await client.Http.SendAsync(mine)).IsSuccessStatusCode);
        }

        using var read = await XapiAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("en-US,zh-CN", JsonNode.Parse(await read.Content.ReadAsStringAsync())!["languagePreference"]!.GetValue<string>());
        using var write = await XapiAsync(HttpMethod.Put, path, token, """{"languagePreference":"fr-FR"}""");
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        using var otherDocument = await XapiAsync(HttpMethod.Get, path.Replace("cmi5LearnerPreferences", "another-app"), token);
        Assert.Equal(HttpStatusCode.Forbidden, otherDocument.StatusCode);
        using var otherAgent = await XapiAsync(HttpMethod.Get, "/xapi/agents/profile?profileId=cmi5LearnerPreferences&agent="
            + Uri.EscapeDataString(launch.Parameters["actor"].Replace(JsonNode.Parse(launch.Parameters["actor"])!["account"]!["name"]!.GetValue<string>(), "someone-else")), token);
        Assert.Equal(HttpStatusCode.Forbidden, otherAgent.StatusCode);
    }

    private async Task<IReadOnlyList<XapiStatementRow>> LaunchedStatements(string learner, string registration)
    {
        var store = Server.Services.GetRequiredService<IXapiStatementStore>();
        var rows = await store.Query(new XapiStatementQuery(null, "http://adlnet.gov/expapi/verbs/launched", null, Guid.Parse(registration), null, null, false, null, 50, null));
        return rows.Where(r => r.Statement.VerbId == "http://adlnet.gov/expapi/verbs/launched" && r.Statement.ActorKey.EndsWith("|" + learner)).ToList();
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class Cmi5LaunchTestsOnSqlite(SqliteServerFixture fixture) : Cmi5LaunchTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class Cmi5LaunchTestsOnPostgres(PostgresServerFixture fixture) : Cmi5LaunchTests(fixture);
