using System.Text.Json;
using Gamified.Tests.Cluster.Faults;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Telemetry;

/// <summary>
/// With <c>Telemetry:JsonLogs=true</c> the server writes one JSON object a line, and a line written while a request is
/// served carries the request's trace id: a log search finds every line of a trace the tracing backend shows.
/// </summary>
public sealed class JsonLogTests : IDisposable
{
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("gamified-json-logs-");

    [Fact]
    public async Task a_request_that_comes_with_a_trace_id_is_logged_as_json_under_that_trace_id()
    {
        await using var node = new ServerNode("json-logs", FreePort.Next(), _directory.FullName,
        [
            "--Storage:Provider=Sqlite", $"--Storage:DataDirectory={_directory.CreateSubdirectory("data").FullName}",
            $"--Content:Directory={_directory.CreateSubdirectory("content").FullName}", "--Auth:AllowLocalTokens=true",
            "--Telemetry:JsonLogs=true",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information",
        ]);
        node.Start();
        await node.WaitReadyAsync();

        // As a caller that is itself traced (a gateway, another service) sends it: W3C trace context.
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.Address, "/health/live"));
        request.Headers.Add("traceparent", $"00-{traceId}-0123456789abcdef-01");
        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        await Poll.Until(() => Task.FromResult(LinesOf(node).Any(line => ScopesOf(line).Any(scope => TraceIdOf(scope) == traceId))),
            "a JSON log line in the request's trace");
        var lines = LinesOf(node).ToList();
        Assert.NotEmpty(lines);
        // Every line the server printed is a JSON object (the node's log file also has the harness's own "====" lines).
        Assert.All(File.ReadLines(node.LogFile).Where(l => !l.StartsWith("====", StringComparison.Ordinal) && l.Length > 0),
            line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    private static IEnumerable<JsonElement> LinesOf(ServerNode node)
    {
        using var reader = new StreamReader(new FileStream(node.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('{')) continue;
            try
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // The last line, while the server is still writing it.
            }
        }
        return lines;
    }

    private static IEnumerable<JsonElement> ScopesOf(JsonElement line) =>
        line.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array ? scopes.EnumerateArray() : [];

    private static string? TraceIdOf(JsonElement scope) =>
        scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) ? id.GetString() : null;

    public void Dispose() => _directory.Delete(recursive: true);
}
