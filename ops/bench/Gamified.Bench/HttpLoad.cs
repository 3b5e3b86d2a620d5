using System.Diagnostics;
using System.Net;
using System.Text.Json;

/// <summary>What one timed loop of requests did: requests that succeeded, what went wrong with the others, how long, and the latencies.</summary>
internal sealed record LoopResult(long Ok, Dictionary<string, long> Errors, TimeSpan Elapsed, LatencyHistogram Histogram)
{
    public double PerSecond => Histogram.Count / Elapsed.TotalSeconds;

    public long ErrorCount => Errors.Values.Sum();

    public string ErrorText => Errors.Count == 0 ? "0" : string.Join(", ", Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} × {e.Value:N0}"));
}

/// <summary>
/// Latencies of recordActivity split by whether the learner's grain had run before: an imported learner's first statement
/// also makes the grain take its pending HR record (account, profile, directory row), the later ones do not.
/// </summary>
internal sealed class FirstActivities(int learners, Func<int, bool> ranDuringSeeding)
{
    private readonly int[] _touched = new int[learners];

    public LatencyHistogram First { get; } = new();

    public LatencyHistogram Later { get; } = new();

    /// <summary>True the first time learner <paramref name="index"/> is sent a statement, if seeding did not run their grain.</summary>
    public bool IsFirst(int index) => Interlocked.Exchange(ref _touched[index], 1) == 0 && !ranDuringSeeding(index);

    /// <summary>Whether learner <paramref name="index"/>'s grain has run: seeding ran it, or they were sent a statement.</summary>
    public bool Ran(int index) => Volatile.Read(ref _touched[index]) == 1 || ranDuringSeeding(index);
}

/// <summary>The HTTP clients of the benchmark: GraphQL requests, the recordActivity load and timed loops of reads.</summary>
internal static class HttpLoad
{
    private const string RecordActivity =
        "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded xpTotal } userErrors { code } } }";

    // Verbs an import may carry that award and move boards (attendance and brainstorm verbs are the server's to record).
    private static readonly (string Verb, string Kind)[] Statements =
        [("ANSWERED", "QUIZ"), ("COMPLETED", "LESSON"), ("PASSED", "QUIZ"), ("FAILED", "QUIZ"), ("STARTED", "LESSON")];

    private const string Refused = "\"userErrors\":[{";

    /// <summary>Clients each sending recordActivity one after another for <paramref name="duration"/>, each for a random
    /// learner with a unique idempotency key and a random verb.</summary>
    public static async Task<LoopResult> DriveRecordActivity(HttpClient http, string[] learners, string[] tokens, int concurrency, TimeSpan duration,
        FirstActivities firsts)
    {
        var run = Guid.NewGuid().ToString("n")[..8];
        var errors = new Dictionary<string, long>();
        var total = new LatencyHistogram();
        long ok = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + run.GetHashCode());
            var (histogram, first, later) = (new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
            var mine = new Dictionary<string, long>();
            long done = 0;
            for (var n = 0; stopwatch.Elapsed < duration; n++)
            {
                var i = random.Next(learners.Length);
                var (verb, kind) = Statements[random.Next(Statements.Length)];
                var body = new
                {
                    query = RecordActivity,
                    variables = new
                    {
                        input = new
                        {
                            learnerId = learners[i], idempotencyKey = $"{run}-{w}-{n}", verb,
                            @object = new { id = $"{kind.ToLowerInvariant()}-{random.Next(500)}", kind },
                        },
                    },
                };
                var isFirst = firsts.IsFirst(i);
                var started = Stopwatch.GetTimestamp();
                var error = await Send(http, tokens[i], body);
                var took = Stopwatch.GetElapsedTime(started);
                histogram.Record(took);
                (isFirst ? first : later).Record(took);
                if (error is null) done++;
                else mine[error] = mine.GetValueOrDefault(error) + 1;
            }
            lock (total)
            {
                total.Add(histogram);
                firsts.First.Add(first);
                firsts.Later.Add(later);
                ok += done;
                foreach (var (code, count) in mine) errors[code] = errors.GetValueOrDefault(code) + count;
            }
        })));
        return new LoopResult(ok, errors, stopwatch.Elapsed, total);
    }

    /// <summary>Clients each sending <paramref name="query"/> one after another, with a random learner's token.</summary>
    public static async Task<LoopResult> Queries(HttpClient http, string[] tokens, int concurrency, TimeSpan duration, string query)
    {
        var total = new LatencyHistogram();
        var errors = new Dictionary<string, long>();
        long ok = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var histogram = new LatencyHistogram();
            var mine = new Dictionary<string, long>();
            long done = 0;
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var error = await Send(http, tokens[random.Next(tokens.Length)], new { query });
                histogram.Record(Stopwatch.GetElapsedTime(started));
                if (error is null) done++;
                else mine[error] = mine.GetValueOrDefault(error) + 1;
            }
            lock (total)
            {
                total.Add(histogram);
                ok += done;
                foreach (var (code, count) in mine) errors[code] = errors.GetValueOrDefault(code) + count;
            }
        })));
        return new LoopResult(ok, errors, stopwatch.Elapsed, total);
    }

    /// <summary>Callers each awaiting <paramref name="operation"/> one after another (raw Redis commands).</summary>
    public static async Task<LoopResult> Loop(int concurrency, TimeSpan duration, Func<Random, Task> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var (_, total) = await ClosedLoop.Run(concurrency, duration, operation);
        return new LoopResult(total.Count, [], stopwatch.Elapsed, total);
    }

    /// <summary>Posts one GraphQL request; returns null on success, or what went wrong (HTTP status or GraphQL error code).</summary>
    public static async Task<string?> Send(HttpClient http, string token, object body)
    {
        try
        {
            var (status, text) = await PostRaw(http, token, body);
            if (status != HttpStatusCode.OK) return $"HTTP {(int)status}";
            if (text.Contains(Refused, StringComparison.Ordinal))   // a refusal in the payload's userErrors
            {
                using var payload = JsonDocument.Parse(text);
                foreach (var field in payload.RootElement.GetProperty("data").EnumerateObject())
                    if (field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("userErrors", out var refusals) && refusals.GetArrayLength() > 0)
                        return refusals[0].GetProperty("code").GetString();
            }
            if (!text.Contains("\"errors\"", StringComparison.Ordinal)) return null;
            using var json = JsonDocument.Parse(text);
            return json.RootElement.GetProperty("errors")[0].TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code)
                ? code.GetString() ?? "error"
                : "error";
        }
        catch (Exception exception)
        {
            return exception.GetType().Name;
        }
    }

    /// <summary>Posts one GraphQL request that must succeed (seeding): throws with the answer when it did not.</summary>
    public static async Task<JsonDocument> Post(HttpClient http, string token, string query, object? variables = null)
    {
        var (status, text) = await PostRaw(http, token, new { query, variables });
        if (status != HttpStatusCode.OK || text.Contains("\"errors\"", StringComparison.Ordinal) || text.Contains(Refused, StringComparison.Ordinal))
            throw new InvalidOperationException($"Seeding failed ({(int)status}): {text[..Math.Min(text.Length, 500)]}");
        return JsonDocument.Parse(text);
    }

    private static async Task<(HttpStatusCode Status, string Text)> PostRaw(HttpClient http, string token, object body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
