using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Xapi;

/// <summary>
/// The activity and person objects over real HTTP (xAPI 1.0.3, Communication 2.4 and 2.5): an activity's definitions merged
/// from its statements, a Person object of the agent asked for, and a person reaching only themselves. Run on both storages.
/// </summary>
public abstract class ObjectResourceTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private const string Home = "https://gamified.local/xapi/learners";

    private static JsonObject Account(string learner) => new() { ["account"] = new JsonObject { ["homePage"] = Home, ["name"] = learner } };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, JsonNode? body = null)
    {
        using var client = new HttpClient { BaseAddress = Server.Address };
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    private string Token(string subject, string role) =>
        Server.Services.GetService(typeof(LocalTokens)) is LocalTokens tokens ? tokens.Issue(subject, [role]) : throw new InvalidOperationException();

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task an_activity_answers_the_definitions_of_its_statements_merged_by_language()
    {
        var learner = Scenario.NewId("x");
        var id = $"https://example.gov.cn/courses/{Guid.NewGuid():n}";
        JsonObject Sent(string language, string name, string? moreInfo) => new()
        {
            ["actor"] = Account(learner),
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/experienced" },
            ["object"] = new JsonObject
            {
                ["id"] = id,
                ["definition"] = new JsonObject
                {
                    ["name"] = new JsonObject { [language] = name },
                    ["type"] = "http://adlnet.gov/expapi/activities/course",
                    ["moreInfo"] = moreInfo,
                },
            },
        };
        var first = Sent("zh-CN", "一网通办入门", "https://example.gov.cn/old");
        var second = Sent("en-US", "One-stop service basics", "https://example.gov.cn/new");
        using (var posted = await SendAsync(HttpMethod.Post, "/xapi/statements", Token(learner, Roles.Learner), new JsonArray(first, second)))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var read = await SendAsync(HttpMethod.Get, $"/xapi/activities?activityId={Uri.EscapeDataString(id)}", Token(learner, Roles.Learner));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var activity = await Json(read);
        Assert.Equal("Activity", activity["objectType"]!.GetValue<string>());
        Assert.Equal(id, activity["id"]!.GetValue<string>());
        Assert.Equal("一网通办入门", activity["definition"]!["name"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal("One-stop service basics", activity["definition"]!["name"]!["en-US"]!.GetValue<string>());
        Assert.Equal("https://example.gov.cn/new", activity["definition"]!["moreInfo"]!.GetValue<string>());   // the newer value

        // Another person's statements do not describe the activity to them; without activityId: 400.
        using var stranger = await SendAsync(HttpMethod.Get, $"/xapi/activities?activityId={Uri.EscapeDataString(id)}", Token(Scenario.NewId("x"), Roles.Learner));
        Assert.Null((await Json(stranger))["definition"]);
        using var missing = await SendAsync(HttpMethod.Get, "/xapi/activities", Token(learner, Roles.Learner));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task a_person_object_lists_the_agents_identifiers_and_a_person_reads_only_their_own()
    {
        var learner = Scenario.NewId("x");
        var agent = Account(learner);
        agent["name"] = "王小明";
        using var own = await SendAsync(HttpMethod.Get, $"/xapi/agents?agent={Uri.EscapeDataString(agent.ToJsonString())}", Token(learner, Roles.Learner));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var person = await Json(own);
        Assert.Equal("Person", person["objectType"]!.GetValue<string>());
        Assert.Equal("王小明", person["name"]![0]!.GetValue<string>());
        Assert.Equal(learner, person["account"]![0]!["name"]!.GetValue<string>());

        using var other = await SendAsync(HttpMethod.Get, $"/xapi/agents?agent={Uri.EscapeDataString(Account(Scenario.NewId("x")).ToJsonString())}",
            Token(learner, Roles.Learner));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var invalid = await SendAsync(HttpMethod.Get, $"/xapi/agents?agent={Uri.EscapeDataString("{\"mbox\":\"someone\"}")}", Token(learner, Roles.Learner));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var none = await SendAsync(HttpMethod.Get, "/xapi/agents", Token(learner, Roles.Learner));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class ObjectResourceTestsOnSqlite(SqliteServerFixture fixture) : ObjectResourceTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class ObjectResourceTestsOnPostgres(PostgresServerFixture fixture) : ObjectResourceTests(fixture);
