using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Api.Xapi;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.SignIn;

namespace Gamified.Tests.Xapi;

/// <summary>
/// The LRS's statements resource over real HTTP (xAPI 1.0.3, Communication 2.1): storing by PUT and POST, idempotent ids
/// and conflicts, voiding, queries with <c>more</c> paging, the version header, and who may state and read what. The
/// clause each test stands for is in docs/XAPI.md. Run on both storages.
/// </summary>
public abstract class StatementResourceTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private const string Home = "https://gamified.local/xapi/learners";

    private static JsonObject Statement(string learner, string verb = "http://adlnet.gov/expapi/verbs/experienced", string? activity = null, Guid? id = null)
    {
        var statement = new JsonObject
        {
            ["actor"] = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = Home, ["name"] = learner } },
            ["verb"] = new JsonObject { ["id"] = verb, ["display"] = new JsonObject { ["zh-CN"] = "体验", ["en-US"] = "experienced" } },
            ["object"] = new JsonObject { ["id"] = activity ?? $"https://example.gov.cn/courses/{Guid.NewGuid():n}" },
        };
        if (id is not null) statement["id"] = id.Value.ToString("D");
        return statement;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null, bool version = true)
    {
        using var client = new HttpClient { BaseAddress = Server.Address };
        var request = new HttpRequestMessage(method, path);
        if (version) request.Headers.Add("X-Experience-API-Version", "1.0.3");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    private async Task<string> ServiceTokenAsync(params string[] scopes)
    {
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, scopes);
        return await TestServiceAccounts.TokenAsync(Server, clientId, secret);
    }

    private string Person(string subject) => WebToken(subject, [Roles.Learner]);

    private string WebToken(string subject, string[] roles) =>
        Server.Services.GetService(typeof(LocalTokens)) is LocalTokens tokens ? tokens.Issue(subject, roles) : throw new InvalidOperationException();

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task a_statement_put_under_its_id_is_stored_once_and_read_back_with_what_the_lrs_sets()
    {
        var learner = Scenario.NewId("x");
        var token = Person(learner);
        var id = Guid.NewGuid();
        var sent = Statement(learner);

        using var put = await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={id}", token, sent);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("1.0.3", put.Headers.GetValues("X-Experience-API-Version").Single());
        using var again = await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={id}", token, sent);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);   // the same statement again: nothing new, no error

        using var read = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={id}", token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = await Json(read);
        Assert.Equal(id.ToString("D"), stored["id"]!.GetValue<string>());
        Assert.Equal("1.0.0", stored["version"]!.GetValue<string>());
        Assert.NotNull(stored["stored"]);
        Assert.Equal(stored["stored"]!.GetValue<string>(), stored["timestamp"]!.GetValue<string>());
        Assert.Equal($"person:{learner}", stored["authority"]!["account"]!["name"]!.GetValue<string>());
        Assert.True(read.Headers.Contains("X-Experience-API-Consistent-Through"));

        var changed = Statement(learner, verb: "http://adlnet.gov/expapi/verbs/completed");
        using var conflict = await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={id}", token, changed);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task a_batch_with_one_conflicting_statement_stores_nothing()
    {
        var token = await ServiceTokenAsync(XapiScopes.Write, XapiScopes.ReadMine);
        var learner = Scenario.NewId("x");
        var taken = Guid.NewGuid();
        using var first = await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={taken}", token, Statement(learner));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);

        var fresh = Guid.NewGuid();
        using var batch = await SendAsync(HttpMethod.Post, "/xapi/statements", token,
            new JsonArray(Statement(learner, id: fresh), Statement(learner, verb: "http://adlnet.gov/expapi/verbs/completed", id: taken)));
        Assert.Equal(HttpStatusCode.Conflict, batch.StatusCode);
        using var notStored = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={fresh}", token);
        Assert.Equal(HttpStatusCode.NotFound, notStored.StatusCode);

        using var posted = await SendAsync(HttpMethod.Post, "/xapi/statements", token, new JsonArray(Statement(learner), Statement(learner)));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var ids = (await Json(posted)).AsArray().Select(i => Guid.Parse(i!.GetValue<string>())).ToList();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("""{"actor":{"mbox":"mailto:a@example.gov.cn","openid":"https://id.example.gov.cn/a"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.gov.cn/a"}}""")]
    [InlineData("""{"actor":{"mbox":"mailto:a@example.gov.cn"},"verb":{"id":"not an iri"},"object":{"id":"https://example.gov.cn/a"}}""")]
    [InlineData("""{"actor":{"mbox":"mailto:a@example.gov.cn"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.gov.cn/a"},"colour":"red"}""")]
    [InlineData("""{"actor":{"mbox":"mailto:a@example.gov.cn"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.gov.cn/a"},"result":{"score":{"scaled":1.5}}}""")]
    [InlineData("""{"actor":{"mbox":"mailto:a@example.gov.cn"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.gov.cn/a"},"result":null}""")]
    public async Task an_invalid_statement_is_refused_with_400_and_nothing_is_stored(string statement)
    {
        var token = await ServiceTokenAsync(XapiScopes.Write);
        using var refused = await SendAsync(HttpMethod.Post, "/xapi/statements", token, JsonNode.Parse(statement));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("XAPI_INVALID_STATEMENT", (await Json(refused))["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_request_without_the_version_header_is_refused_but_about_answers_anyone()
    {
        using var refused = await SendAsync(HttpMethod.Get, "/xapi/statements", Person(Scenario.NewId("x")), version: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var about = await SendAsync(HttpMethod.Get, "/xapi/about", null, version: false);
        Assert.Equal(HttpStatusCode.OK, about.StatusCode);
        Assert.Contains("1.0.3", (await Json(about))["version"]!.AsArray().Select(v => v!.GetValue<string>()));
        using var anonymous = await SendAsync(HttpMethod.Get, "/xapi/statements", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task a_voided_statement_leaves_queries_and_is_read_only_by_voidedStatementId()
    {
        var learner = Scenario.NewId("x");
        var token = Person(learner);
        var activity = $"https://example.gov.cn/courses/{Guid.NewGuid():n}";
        var target = Guid.NewGuid();
        (await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={target}", token, Statement(learner, activity: activity))).Dispose();
        var voiding = Statement(learner, verb: StatementValidator.VoidedVerb);
        voiding["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = target.ToString("D") };
        using var voided = await SendAsync(HttpMethod.Post, "/xapi/statements", token, voiding);
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        var voidingId = (await Json(voided))[0]!.GetValue<string>();

        using var byId = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={target}", token);
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        using var byVoidedId = await SendAsync(HttpMethod.Get, $"/xapi/statements?voidedStatementId={target}", token);
        Assert.Equal(HttpStatusCode.OK, byVoidedId.StatusCode);
        // A query matching the voided statement answers the statement that targets it instead (Communication 2.1.4).
        using var query = await SendAsync(HttpMethod.Get, $"/xapi/statements?activity={Uri.EscapeDataString(activity)}", token);
        Assert.Equal([voidingId], (await Json(query))["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));

        // Nobody else may void it: another learner's voiding of this learner's statement is refused, and stores nothing.
        var other = Scenario.NewId("x");
        var kept = Guid.NewGuid();
        (await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={kept}", token, Statement(learner))).Dispose();
        var hostile = Statement(other, verb: StatementValidator.VoidedVerb);
        hostile["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = kept.ToString("D") };
        using var notTheirs = await SendAsync(HttpMethod.Post, "/xapi/statements", Person(other), hostile);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        using var stillThere = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={kept}", token);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        // A voiding statement cannot itself be voided.
        var again = Statement(learner, verb: StatementValidator.VoidedVerb);
        again["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = voidingId };
        using var refused = await SendAsync(HttpMethod.Post, "/xapi/statements", token, again);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task a_query_pages_with_more_until_it_ends_in_storing_order()
    {
        var token = await ServiceTokenAsync(XapiScopes.Write, XapiScopes.ReadMine);
        var registration = Guid.NewGuid();
        var sent = Enumerable.Range(0, 5).Select(_ =>
        {
            var s = Statement(Scenario.NewId("x"));
            s["context"] = new JsonObject { ["registration"] = registration.ToString("D") };
            return (JsonNode)s;
        }).ToArray();
        using var posted = await SendAsync(HttpMethod.Post, "/xapi/statements", token, new JsonArray(sent));
        var ids = (await Json(posted)).AsArray().Select(i => i!.GetValue<string>()).ToList();

        var read = new List<string>();
        var next = $"/xapi/statements?registration={registration}&limit=2&ascending=true";
        while (next.Length > 0)
        {
            using var page = await SendAsync(HttpMethod.Get, next, token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = await Json(page);
            Assert.True(body["statements"]!.AsArray().Count <= 2);
            read.AddRange(body["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
            next = body["more"]!.GetValue<string>();
        }
        Assert.Equal(ids, read);
    }

    [Fact]
    public async Task related_filters_find_an_agent_or_activity_anywhere_in_a_statement_and_the_plain_filters_only_actor_and_object()
    {
        var admin = WebToken(Scenario.NewId("admin"), [Roles.Admin]);
        var learner = Scenario.NewId("x");
        var tag = Guid.NewGuid().ToString("n");
        JsonObject Mbox(string who) => new() { ["mbox"] = $"mailto:{who}-{tag}@example.gov.cn" };
        var (parent, inner) = ($"https://example.gov.cn/programmes/{tag}", $"https://example.gov.cn/courses/{tag}/inner");

        var wide = Statement(learner);
        wide["context"] = new JsonObject
        {
            ["instructor"] = Mbox("instructor"),
            ["team"] = new JsonObject { ["objectType"] = "Group", ["member"] = new JsonArray(Mbox("teammate")) },
            ["contextActivities"] = new JsonObject { ["parent"] = new JsonArray(new JsonObject { ["id"] = parent }) },
        };
        wide["object"] = new JsonObject
        {
            ["objectType"] = "SubStatement",
            ["actor"] = Mbox("sub-actor"),
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/attempted" },
            ["object"] = new JsonObject { ["id"] = inner },
        };
        var aboutAgent = Statement(learner);
        aboutAgent["object"] = new JsonObject { ["objectType"] = "Agent", ["mbox"] = Mbox("mentored")["mbox"]!.DeepClone() };
        aboutAgent["context"] = new JsonObject { ["contextActivities"] = new JsonObject { ["category"] = new JsonObject { ["id"] = parent + "/category" } } };
        using var posted = await SendAsync(HttpMethod.Post, "/xapi/statements", Person(learner), new JsonArray(wide, aboutAgent));
        var ids = (await Json(posted)).AsArray().Select(i => i!.GetValue<string>()).ToList();

        async Task<List<string>> Found(string parameters)
        {
            using var response = await SendAsync(HttpMethod.Get, "/xapi/statements?" + parameters, admin);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await Json(response))["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        }
        string Agent(string who) => "agent=" + Uri.EscapeDataString(Mbox(who).ToJsonString());
        string Activity(string iri) => "activity=" + Uri.EscapeDataString(iri);

        foreach (var who in new[] { "instructor", "teammate", "sub-actor" })
        {
            Assert.Empty(await Found(Agent(who)));
            Assert.Equal([ids[0]], await Found(Agent(who) + "&related_agents=true"));
        }
        Assert.Equal([ids[1]], await Found(Agent("mentored")));   // an agent as the object is found by the plain filter
        // A single context activity was sent for an array of one, and comes back as that array (Data 2.4.6.2).
        using (var one = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={ids[1]}", admin))
            Assert.IsType<JsonArray>((await Json(one))["context"]!["contextActivities"]!["category"]);
        foreach (var iri in new[] { parent, inner })
        {
            Assert.Empty(await Found(Activity(iri)));
            Assert.Equal([ids[0]], await Found(Activity(iri) + "&related_activities=true"));
        }
        // The authority is an agent the statement names too.
        var authority = Uri.EscapeDataString(new JsonObject { ["account"] = new JsonObject { ["homePage"] = "https://gamified.local/xapi/credentials", ["name"] = $"person:{learner}" } }.ToJsonString());
        Assert.Equal([ids[1], ids[0]], await Found($"agent={authority}&related_agents=true"));

        // A person still reads only statements they are the actor of, whatever they ask for.
        using var mine = await SendAsync(HttpMethod.Get, $"/xapi/statements?{Agent("instructor")}&related_agents=true", Person(learner));
        Assert.Equal(HttpStatusCode.Forbidden, mine.StatusCode);
    }

    [Fact]
    public async Task format_ids_keeps_what_identifies_and_canonical_keeps_the_preferred_language()
    {
        var learner = Scenario.NewId("x");
        var token = Person(learner);
        var id = Guid.NewGuid();
        var sent = Statement(learner, id: id);
        sent["actor"]!["name"] = "王芳";
        sent["object"]!["definition"] = new JsonObject { ["name"] = new JsonObject { ["zh-CN"] = "一网通办", ["en-US"] = "One-stop service" } };
        (await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={id}", token, sent)).Dispose();

        using var ids = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={id}&format=ids", token);
        var minimal = await Json(ids);
        Assert.Null(minimal["actor"]!["name"]);
        Assert.Equal(learner, minimal["actor"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal(["id"], minimal["verb"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["id"], minimal["object"]!.AsObject().Select(p => p.Key));

        using var client = new HttpClient { BaseAddress = Server.Address };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/xapi/statements?statementId={id}&format=canonical");
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.AcceptLanguage.ParseAdd("en-US, zh-CN;q=0.5");
        using var canonical = await client.SendAsync(request);
        var english = await Json(canonical);
        Assert.Equal(["en-US"], english["verb"]!["display"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["en-US"], english["object"]!["definition"]!["name"]!.AsObject().Select(p => p.Key));
        Assert.Equal("王芳", english["actor"]!["name"]!.GetValue<string>());   // agents as stored
    }

    [Fact]
    public async Task the_alternate_request_syntax_carries_headers_parameters_and_content_in_a_form()
    {
        var learner = Scenario.NewId("x");
        var id = Guid.NewGuid();
        using var client = new HttpClient { BaseAddress = Server.Address };
        async Task<HttpResponseMessage> Form(string method, Dictionary<string, string> fields) =>
            await client.PostAsync($"/xapi/statements?method={method}", new FormUrlEncodedContent(fields));

        // Everything in the form, the credentials and version included: no custom header at all.
        using var put = await Form("PUT", new()
        {
            ["Authorization"] = "Bearer " + Person(learner),
            ["X-Experience-API-Version"] = "1.0.3",
            ["Content-Type"] = "application/json",
            ["statementId"] = id.ToString("D"),
            ["content"] = Statement(learner).ToJsonString(),
        });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using var get = await Form("GET", new() { ["Authorization"] = "Bearer " + Person(learner), ["X-Experience-API-Version"] = "1.0.3", ["statementId"] = id.ToString("D") });
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(id.ToString("D"), (await Json(get))["id"]!.GetValue<string>());

        // Anything beside method= in the address, or credentials of nobody: refused as usual.
        using var extra = await client.PostAsync($"/xapi/statements?method=GET&statementId={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["X-Experience-API-Version"] = "1.0.3" }));
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        using var nobody = await Form("GET", new() { ["X-Experience-API-Version"] = "1.0.3", ["statementId"] = id.ToString("D") });
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
    }

    [Fact]
    public async Task a_person_states_and_reads_only_about_themselves_and_an_integration_needs_its_scopes()
    {
        var (me, other) = (Scenario.NewId("x"), Scenario.NewId("x"));
        using var aboutOther = await SendAsync(HttpMethod.Post, "/xapi/statements", Person(me), Statement(other));
        Assert.Equal(HttpStatusCode.Forbidden, aboutOther.StatusCode);

        var id = Guid.NewGuid();
        (await SendAsync(HttpMethod.Put, $"/xapi/statements?statementId={id}", Person(other), Statement(other))).Dispose();
        using var notMine = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={id}", Person(me));
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        var agent = Uri.EscapeDataString(new JsonObject { ["account"] = new JsonObject { ["homePage"] = Home, ["name"] = other } }.ToJsonString());
        using var othersQuery = await SendAsync(HttpMethod.Get, $"/xapi/statements?agent={agent}", Person(me));
        Assert.Equal(HttpStatusCode.Forbidden, othersQuery.StatusCode);
        using var admin = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={id}", WebToken(Scenario.NewId("admin"), [Roles.Admin]));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        var reader = await ServiceTokenAsync(XapiScopes.ReadMine);
        using var cannotWrite = await SendAsync(HttpMethod.Post, "/xapi/statements", reader, Statement(me));
        Assert.Equal(HttpStatusCode.Forbidden, cannotWrite.StatusCode);
        using var notItsOwn = await SendAsync(HttpMethod.Get, $"/xapi/statements?statementId={id}", reader);
        Assert.Equal(HttpStatusCode.NotFound, notItsOwn.StatusCode);
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class StatementResourceTestsOnSqlite(SqliteServerFixture fixture) : StatementResourceTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class StatementResourceTestsOnPostgres(PostgresServerFixture fixture) : StatementResourceTests(fixture);
