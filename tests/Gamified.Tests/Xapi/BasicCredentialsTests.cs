using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Api.Xapi;
using Gamified.Tests.Infrastructure;
using Gamified.Tests.SignIn;

namespace Gamified.Tests.Xapi;

/// <summary>
/// A service account's client id and secret as HTTP Basic on the LRS (xAPI 1.0.3, Communication 4: the conformance suite
/// knows no other credentials): the same caller as the account's bearer token, refused when wrong or revoked, never a
/// credential on <c>/graphql</c>. Run on both storages (the accounts live in the identity tables of each).
/// </summary>
public abstract class BasicCredentialsTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    internal static JsonObject Statement(string activity) => new()
    {
        ["actor"] = new JsonObject { ["mbox"] = "mailto:xapi-basic@example.gov.cn" },
        ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/experienced" },
        ["object"] = new JsonObject { ["id"] = activity },
    };

    internal static async Task<HttpResponseMessage> SendAsync(GamifiedServer server, HttpMethod method, string path, string clientId, string secret,
        JsonNode? body = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var client = new HttpClient { BaseAddress = server.Address };
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        headers?.Invoke(request.Headers);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    internal static async Task<string?> Code(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    [Fact]
    public async Task a_service_account_states_with_its_secret_as_basic_with_its_scopes_until_it_is_revoked()
    {
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(Server, [XapiScopes.Write, XapiScopes.ReadMine]);
        var activity = $"https://example.gov.cn/courses/{Guid.NewGuid():n}";

        using var posted = await SendAsync(Server, HttpMethod.Post, "/xapi/statements", clientId, secret, Statement(activity));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = JsonNode.Parse(await posted.Content.ReadAsStringAsync())![0]!.GetValue<string>();
        using var read = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={id}", clientId, secret);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal($"service:{clientId}", stored["authority"]!["account"]!["name"]!.GetValue<string>());   // as with its bearer token

        // Its scopes and nothing more: no documents without `state`.
        using var state = await SendAsync(Server, HttpMethod.Get,
            $"/xapi/activities/state?activityId={Uri.EscapeDataString(activity)}&agent={Uri.EscapeDataString("{\"mbox\":\"mailto:a@example.gov.cn\"}")}&stateId=s",
            clientId, secret);
        Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);

        using var wrong = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={id}", clientId, secret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.StartsWith("Basic realm=", wrong.Headers.WwwAuthenticate.ToString());
        Assert.Equal("UNAUTHENTICATED", await Code(wrong));

        // Basic is no credential for the pages' API.
        using (var http = new HttpClient { BaseAddress = Server.Address })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent("""{"query":"{ stalePackages { packageId } }"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
            using var graphql = await http.SendAsync(request);
            Assert.Contains("UNAUTHENTICATED", await graphql.Content.ReadAsStringAsync());
        }

        (await Server.Client.PostAsync("mutation($c: ID!) { revokeServiceAccount(clientId: $c) { account { clientId } } }", new { c = clientId })).AssertNoErrors();
        // The secret's check was remembered a moment ago; revocation ends it at once all the same.
        using var revoked = await SendAsync(Server, HttpMethod.Get, $"/xapi/statements?statementId={id}", clientId, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("UNAUTHENTICATED", await Code(revoked));
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class BasicCredentialsTestsOnSqlite(SqliteServerFixture fixture) : BasicCredentialsTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class BasicCredentialsTestsOnPostgres(PostgresServerFixture fixture) : BasicCredentialsTests(fixture);

/// <summary>Where Basic is taken, and how guessing is stopped: each on a server of its own, behind a proxy it believes, so
/// the client addresses are other machines'.</summary>
public sealed class BasicCredentialsTransportTests
{
    private static Action<HttpRequestHeaders> From(string address, bool https = false) => headers =>
    {
        headers.Add("X-Forwarded-For", address);
        if (https) headers.Add("X-Forwarded-Proto", "https");
    };

    [Fact]
    public async Task basic_from_another_machine_is_taken_over_https_only_unless_the_setting_allows_plain_http()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--ForwardedHeaders:KnownProxies:0=127.0.0.1");
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(server, [XapiScopes.Write]);
        var statement = BasicCredentialsTests.Statement("https://example.gov.cn/courses/transport");

        using var plain = await BasicCredentialsTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", clientId, secret, statement, From("203.0.113.5"));
        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
        Assert.Equal("BASIC_NEEDS_HTTPS", await BasicCredentialsTests.Code(plain));
        using var tls = await BasicCredentialsTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", clientId, secret, statement, From("203.0.113.5", https: true));
        Assert.Equal(HttpStatusCode.OK, tls.StatusCode);

        await using var allowing = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--ForwardedHeaders:KnownProxies:0=127.0.0.1",
            "--Xapi:AllowBasicOverHttp=true");
        var (otherId, otherSecret) = await TestServiceAccounts.CreateAsync(allowing, [XapiScopes.Write]);
        using var allowed = await BasicCredentialsTests.SendAsync(allowing, HttpMethod.Post, "/xapi/statements", otherId, otherSecret, statement, From("203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task guessing_a_secret_is_stopped_per_address_without_locking_the_client_out_elsewhere()
    {
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--ForwardedHeaders:KnownProxies:0=127.0.0.1");
        var (clientId, secret) = await TestServiceAccounts.CreateAsync(server, [XapiScopes.Write]);
        var statement = BasicCredentialsTests.Statement("https://example.gov.cn/courses/guessing");
        using (var first = await BasicCredentialsTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", clientId, secret, statement, From("198.51.100.1", true)))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            // Client ids are no secret (a statement's authority names one): guesses are counted per client id and address.
            using var guess = await BasicCredentialsTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", clientId, $"guess-{i}", statement,
                From("203.0.113.10", true));
            statuses.Add(guess.StatusCode);
            if (guess.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("RATE_LIMITED", await BasicCredentialsTests.Code(guess));
                Assert.NotNull(guess.Headers.RetryAfter);
            }
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), HttpStatusCode.TooManyRequests], statuses);

        // The guesser's window does not lock the client id out from anywhere else.
        using (var elsewhere = await BasicCredentialsTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", clientId, "another-guess", statement,
                   From("203.0.113.99", true)))
            Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        using var holder = await BasicCredentialsTests.SendAsync(server, HttpMethod.Post, "/xapi/statements", clientId, secret, statement, From("198.51.100.1", true));
        Assert.Equal(HttpStatusCode.OK, holder.StatusCode);
    }
}
