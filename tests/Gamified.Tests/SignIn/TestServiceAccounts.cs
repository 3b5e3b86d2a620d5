using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.SignIn;

/// <summary>Service accounts for tests: created by the fixture's admin over GraphQL, tokens fetched over HTTP with client credentials.</summary>
public static class TestServiceAccounts
{
    public const string Create = """
        mutation($input: CreateServiceAccountInput!) {
          createServiceAccount(input: $input) { created { clientSecret account { clientId name scopes departments createdAt createdBy lastUsedAt } } userErrors { code message field } }
        }
        """;

    public static async Task<(string ClientId, string Secret)> CreateAsync(GamifiedServer server, string[] scopes, string[]? departments = null,
        string name = "人事系统同步")
    {
        var created = (await server.Client.PostAsync(Create, new { input = new { name, scopes, departments } })).AssertNoErrors()
            .Data!["createServiceAccount"]!["created"]!;
        return (created["account"]!["clientId"]!.GetValue<string>(), created["clientSecret"]!.GetValue<string>());
    }

    /// <summary>The token endpoint's answer to a client-credentials request (the secret as HTTP Basic, as RFC 6749 prefers).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> RequestTokenAsync(GamifiedServer server, string clientId, string? secret, string? scope = null)
    {
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null) form["scope"] = scope;
        if (secret is null) form["client_id"] = clientId;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        if (secret is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public static async Task<string> TokenAsync(GamifiedServer server, string clientId, string secret, string? scope = null)
    {
        var (status, body) = await RequestTokenAsync(server, clientId, secret, scope);
        Assert.True(status == HttpStatusCode.OK, $"the token endpoint answered {status}: {body?.ToJsonString()}");
        return body!["access_token"]!.GetValue<string>();
    }
}
