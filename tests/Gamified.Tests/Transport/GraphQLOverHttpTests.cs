using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Transport;

/// <summary>The HTTP transport follows the GraphQL-over-HTTP specification.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class GraphQLOverHttpTests(SqliteServerFixture fixture)
{
    private HttpClient Http => fixture.Server.Client.Http;

    private static HttpRequestMessage Post(string body, string contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    private async Task<GraphQLResponse> Send(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    [Fact]
    public async Task a_query_over_get_is_answered()
    {
        var response = await Send(new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ departments { id } }")));

        Assert.Equal(200, response.Status);
        Assert.NotNull(response.Data?["departments"]);
    }

    [Fact]
    public async Task a_mutation_over_get_is_refused_with_405_and_changes_nothing()
    {
        var id = Scenario.NewId("dept");
        var query = "mutation { createDepartment(input: {id: \"" + id + "\", names: {zhCN: \"甲\", en: \"A\"}}) { department { id } userErrors { code message field } } }";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));

        using var raw = await Http.SendAsync(request);
        var response = await GraphQLResponse.ReadAsync(raw);

        Assert.Equal(405, response.Status);
        Assert.Contains("POST", raw.Content.Headers.Allow.Concat(raw.Headers.Select(h => string.Join(",", h.Value))));
        response.AssertError("BAD_REQUEST");
        var lookup = await fixture.Server.Client.QueryAsync("query($id: ID!) { department(id: $id) { id } }", new { id });
        Assert.Null(lookup["department"]);
    }

    [Fact]
    public async Task malformed_json_is_a_400_with_a_code()
    {
        var response = await Send(Post("{\"query\": \"{ departments { id } }\"", accept: "application/graphql-response+json"));

        Assert.Equal(400, response.Status);
        response.AssertError("BAD_REQUEST");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task a_body_that_is_not_json_is_a_415(string contentType)
    {
        var response = await Send(Post("{\"query\": \"{ departments { id } }\"}", contentType));

        Assert.Equal(415, response.Status);
        response.AssertError("BAD_REQUEST");
    }

    [Fact]
    public async Task other_methods_are_a_405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/graphql") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var response = await Send(request);
        Assert.Equal(405, response.Status);
    }

    [Fact]
    public async Task a_body_over_the_size_limit_is_a_413()
    {
        var huge = "{\"query\": \"{ departments { id } }\", \"variables\": {\"pad\": \"" + new string('x', 2 * 1024 * 1024) + "\"}}";
        var response = await Send(Post(huge));
        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task the_response_media_type_follows_accept()
    {
        var modern = await Send(Post("{\"query\": \"{ departments { id } }\"}", accept: "application/graphql-response+json"));
        var legacy = await Send(Post("{\"query\": \"{ departments { id } }\"}", accept: "application/json"));
        var none = await Send(Post("{\"query\": \"{ departments { id } }\"}"));

        Assert.Equal("application/graphql-response+json", modern.ContentType);
        Assert.Equal("application/json", legacy.ContentType);
        Assert.Equal("application/json", none.ContentType);
    }

    [Fact]
    public async Task an_unacceptable_accept_header_is_a_406()
    {
        var response = await Send(Post("{\"query\": \"{ departments { id } }\"}", accept: "text/html"));
        Assert.Equal(406, response.Status);
    }

    [Fact]
    public async Task a_document_that_does_not_validate_is_400_in_graphql_response_json_and_200_in_json()
    {
        const string body = "{\"query\": \"{ noSuchField }\"}";

        var modern = await Send(Post(body, accept: "application/graphql-response+json"));
        var legacy = await Send(Post(body, accept: "application/json"));

        Assert.Equal(400, modern.Status);
        Assert.Equal(200, legacy.Status);
        Assert.NotNull(modern.RefusalCode);
        Assert.Null(modern.Body!["data"]);
    }

    [Fact]
    public async Task a_syntax_error_reports_its_location()
    {
        var response = await Send(Post("{\"query\": \"{ departments { id \"}", accept: "application/graphql-response+json"));

        Assert.Equal(400, response.Status);
        Assert.NotNull(response.Errors![0]!["locations"]);
    }

    [Fact]
    public async Task a_subscription_over_http_is_refused_with_a_pointer_to_the_websocket_transport()
    {
        var response = await Send(Post("{\"query\": \"subscription { leaderboardChanged { version } }\"}", accept: "application/graphql-response+json"));
        Assert.Equal(400, response.Status);
        response.AssertError("BAD_REQUEST");
        Assert.Contains("WebSocket", response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_request_without_a_query_is_a_400()
    {
        var response = await Send(Post("{\"variables\": {}}", accept: "application/graphql-response+json"));
        Assert.Equal(400, response.Status);
        response.AssertError("BAD_REQUEST");
    }

    [Fact]
    public async Task health_endpoints_answer_when_the_silo_and_storage_are_up()
    {
        using var live = await Http.GetAsync("/health/live");
        using var ready = await Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", System.Text.Json.Nodes.JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task chinese_text_comes_back_unescaped()
    {
        var id = await new Scenario(fixture.Server.Client).CreateDepartmentAsync();
        using var response = await Http.GetAsync("/graphql?query=" + Uri.EscapeDataString($"{{ department(id: \"{id}\") {{ names {{ zhCN }} }} }}"));
        Assert.Contains("数据资源管理局", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A document validated once is reused, but what depends on the request is still checked every time.</summary>
[Collection(SqliteServerCollection.Name)]
public sealed class ValidatedDocumentTests(SqliteServerFixture fixture)
{
    [Fact]
    public async Task a_document_an_admin_ran_is_still_refused_to_a_learner_and_to_an_anonymous_caller()
    {
        var query = "query($id: ID!) { learner(id: $id) { id } } # " + Scenario.NewId("doc");
        (await fixture.Server.Client.PostAsync(query, new { id = "nobody" })).AssertNoErrors();
        (await fixture.Server.Client.PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertNoErrors();

        Assert.Equal("FORBIDDEN", (await fixture.Server.ClientAs(Scenario.NewId("l"), [Roles.Learner]).PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).RefusalCode);
        Assert.Equal("UNAUTHENTICATED", (await fixture.Server.Anonymous.PostAsync(query, new { id = "nobody" })).RefusalCode);
    }

    [Fact]
    public async Task a_validated_document_with_bad_variables_is_refused_without_running()
    {
        var learner = await new Scenario(fixture.Server.Client).RegisterLearnerAsync(await new Scenario(fixture.Server.Client).CreateDepartmentAsync());
        const string query = "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded } userErrors { code message field } } }";
        (await fixture.Server.Client.PostAsync(query, new { input = new { learnerId = learner, idempotencyKey = "v-1", verb = "COMPLETED", @object = new { id = "l-1", kind = "LESSON" } } }))
            .AssertNoErrors();

        var bad = await fixture.Server.Client.PostAsync(query, new { input = new { learnerId = learner, idempotencyKey = "v-2", verb = "DANCED", @object = new { id = "l-1", kind = "LESSON" } } });

        Assert.NotNull(bad.Errors);
        Assert.Null(bad.Data);
        Assert.Equal(10, (await new Scenario(fixture.Server.Client).LearnerAsync(learner))["xp"]!.GetValue<int>());
    }
}
