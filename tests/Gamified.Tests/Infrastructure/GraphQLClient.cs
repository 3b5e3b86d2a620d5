using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gamified.Tests.Infrastructure;

/// <summary>A plain HTTP client for /graphql that returns the parsed response.</summary>
public sealed class GraphQLClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await http.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>Posts a request body exactly as given.</summary>
    public async Task<GraphQLResponse> PostRawAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        using var response = await http.SendAsync(request);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>Posts and fails the test unless the response has data and no top-level errors (userErrors are the caller's to read).</summary>
    public async Task<JsonNode> QueryAsync(string query, object? variables = null)
    {
        var response = await PostAsync(query, variables);
        Assert.True(response.Errors is null, $"Expected no errors, got: {response.Errors?.ToJsonString()}");
        return response.Data!;
    }

    public void Dispose() => http.Dispose();
}

public sealed record GraphQLResponse(int Status, string? ContentType, JsonNode? Body)
{
    public JsonNode? Data => Body?["data"] is { } data && data.GetValueKind() != JsonValueKind.Null ? data : null;

    public JsonArray? Errors => Body?["errors"] as JsonArray;

    public string? FirstErrorCode => Errors?[0]?["extensions"]?["code"]?.GetValue<string>();

    /// <summary>The first userError of a mutation payload in the data, if any.</summary>
    public JsonNode? FirstUserError => Data is JsonObject fields
        ? fields.Select(f => (f.Value as JsonObject)?["userErrors"] as JsonArray).FirstOrDefault(e => e is { Count: > 0 })?[0]
        : null;

    /// <summary>The code a refusal came with: a top-level error's <c>extensions.code</c>, else the first userError's code.</summary>
    public string? RefusalCode => FirstErrorCode ?? FirstUserError?["code"]?.GetValue<string>();

    /// <summary>The body as JSON text with every character as itself (no \\u escapes), for searching.</summary>
    public string RawText() => Body?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "";

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            body = JsonValue.Create(text);
        }
        return new GraphQLResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }
}
