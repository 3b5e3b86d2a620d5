using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Xapi;

/// <summary>
/// The LRS's document resources over real HTTP (xAPI 1.0.3, Communication 2.3–2.6): state kept per activity, agent and
/// registration, POST merging JSON, and the profiles' concurrency rules (409 without a precondition, 412 when it fails).
/// Run on both storages.
/// </summary>
public abstract class DocumentResourceTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private const string Activity = "https://example.gov.cn/courses/one-window-service";

    private static string Agent(string learner) =>
        Uri.EscapeDataString(new JsonObject { ["account"] = new JsonObject { ["homePage"] = "https://gamified.local/xapi/learners", ["name"] = learner } }.ToJsonString());

    private string TokenOf(string subject, params string[] roles) =>
        ((LocalTokens)Server.Services.GetService(typeof(LocalTokens))!).Issue(subject, roles.Length == 0 ? [Roles.Learner] : roles);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? body = null,
        string type = "application/json", Action<HttpRequestMessage>? headers = null)
    {
        using var client = new HttpClient { BaseAddress = Server.Address };
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, type);
        headers?.Invoke(request);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task state_is_kept_per_registration_and_post_merges_json_objects()
    {
        var learner = Scenario.NewId("x");
        var token = TokenOf(learner);
        var registration = Guid.NewGuid();
        var path = $"/xapi/activities/state?activityId={Uri.EscapeDataString(Activity)}&agent={Agent(learner)}&registration={registration}&stateId=bookmark";

        using (var put = await SendAsync(HttpMethod.Put, path, token, """{"page":3,"lang":"zh-CN"}""")) Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using (var post = await SendAsync(HttpMethod.Post, path, token, """{"page":4,"score":80}""")) Assert.Equal(HttpStatusCode.NoContent, post.StatusCode);
        using var read = await SendAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(read.Headers.ETag is not null);
        var merged = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal((4, "zh-CN", 80), (merged["page"]!.GetValue<int>(), merged["lang"]!.GetValue<string>(), merged["score"]!.GetValue<int>()));

        // Another registration of the same course has its own state; the list of ids names what is kept.
        using var other = await SendAsync(HttpMethod.Get, path.Replace(registration.ToString(), Guid.NewGuid().ToString()), token);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var ids = await SendAsync(HttpMethod.Get, path.Replace("&stateId=bookmark", ""), token);
        Assert.Equal(["bookmark"], JsonNode.Parse(await ids.Content.ReadAsStringAsync())!.AsArray().Select(i => i!.GetValue<string>()));

        using (var text = await SendAsync(HttpMethod.Put, path, token, "plain words", "text/plain")) Assert.Equal(HttpStatusCode.NoContent, text.StatusCode);
        using (var cannotMerge = await SendAsync(HttpMethod.Post, path, token, """{"page":5}"""))
            Assert.Equal(HttpStatusCode.BadRequest, cannotMerge.StatusCode);

        using (var deleted = await SendAsync(HttpMethod.Delete, path.Replace("&stateId=bookmark", ""), token)) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await SendAsync(HttpMethod.Get, path, token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task a_profile_is_replaced_only_by_a_writer_who_names_the_version_it_saw()
    {
        var learner = Scenario.NewId("x");
        var token = TokenOf(learner);
        var path = $"/xapi/agents/profile?agent={Agent(learner)}&profileId=preferences";

        using (var created = await SendAsync(HttpMethod.Put, path, token, """{"theme":"dark"}""", headers: r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any)))
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        using (var blind = await SendAsync(HttpMethod.Put, path, token, """{"theme":"light"}"""))
            Assert.Equal(HttpStatusCode.Conflict, blind.StatusCode);
        using (var again = await SendAsync(HttpMethod.Put, path, token, """{"theme":"light"}""", headers: r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any)))
            Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);

        using var read = await SendAsync(HttpMethod.Get, path, token);
        var etag = read.Headers.ETag!;
        using (var stale = await SendAsync(HttpMethod.Put, path, token, """{"theme":"light"}""", headers: r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"0000000000000000000000000000000000000000\""))))
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        using (var replaced = await SendAsync(HttpMethod.Put, path, token, """{"theme":"light"}""", headers: r => r.Headers.IfMatch.Add(etag)))
            Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        using var now = await SendAsync(HttpMethod.Get, path, token);
        Assert.Equal("light", JsonNode.Parse(await now.Content.ReadAsStringAsync())!["theme"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_person_reaches_only_their_own_agent_documents_and_an_activity_profile_is_written_by_admins()
    {
        var (me, other) = (Scenario.NewId("x"), Scenario.NewId("x"));
        using var others = await SendAsync(HttpMethod.Put, $"/xapi/agents/profile?agent={Agent(other)}&profileId=p", TokenOf(me), "{}");
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        using var othersState = await SendAsync(HttpMethod.Get,
            $"/xapi/activities/state?activityId={Uri.EscapeDataString(Activity)}&agent={Agent(other)}&stateId=s", TokenOf(me));
        Assert.Equal(HttpStatusCode.Forbidden, othersState.StatusCode);

        var profile = $"/xapi/activities/profile?activityId={Uri.EscapeDataString(Activity)}&profileId=about-{Guid.NewGuid():n}";
        using var byLearner = await SendAsync(HttpMethod.Put, profile, TokenOf(me), "{}");
        Assert.Equal(HttpStatusCode.Forbidden, byLearner.StatusCode);
        using var byAdmin = await SendAsync(HttpMethod.Put, profile, TokenOf(Scenario.NewId("admin"), Roles.Admin), """{"hours":2}""");
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        using var readByLearner = await SendAsync(HttpMethod.Get, profile, TokenOf(me));
        Assert.Equal(HttpStatusCode.OK, readByLearner.StatusCode);
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class DocumentResourceTestsOnSqlite(SqliteServerFixture fixture) : DocumentResourceTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class DocumentResourceTestsOnPostgres(PostgresServerFixture fixture) : DocumentResourceTests(fixture);
