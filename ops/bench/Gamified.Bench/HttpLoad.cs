using System.Diagnostics;
using System.Net;
using System.Text.Json;

/// <summary>What one timed loop of requests did: requests that succeeded, what went wrong with the others, how long, and the latencies.</summary>
internal sealed record LoopResult(long Ok, Dictionary<string, long> Errors, TimeSpan Elapsed, LatencyHistogram Histogram)
{
    /// <summary>Of the statements sent, how many were some imported learner's first (batched loads only).</summary>
    public long FirstStatements { get; init; }

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

    private const string RecordActivities =
        "mutation($input: RecordActivitiesInput!) { recordActivities(input: $input) { results { error { code } } userErrors { code } } }";

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
                var body = new { query = RecordActivity, variables = new { input = Statement(random, learners[i], $"{run}-{w}-{n}") } };
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

    /// <summary>Clients each sending <c>recordActivities</c> with <paramref name="batch"/> statements one request after another,
    /// each statement for a random learner, as an integration or an import would. Counts statements, times requests.</summary>
    public static async Task<LoopResult> DriveRecordActivities(HttpClient http, string[] learners, string[] tokens, int concurrency, int batch,
        TimeSpan duration, FirstActivities firsts)
    {
        var run = Guid.NewGuid().ToString("n")[..8];
        var errors = new Dictionary<string, long>();
        var total = new LatencyHistogram();
        long ok = 0, firstCount = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + run.GetHashCode());
            var histogram = new LatencyHistogram();
            var mine = new Dictionary<string, long>();
            long done = 0, first = 0;
            for (var n = 0; stopwatch.Elapsed < duration; n++)
            {
                var picked = Enumerable.Range(0, batch).Select(_ => random.Next(learners.Length)).ToArray();
                first += picked.Count(firsts.IsFirst);
                var statements = picked.Select((i, k) => Statement(random, learners[i], $"{run}-{w}-{n}-{k}")).ToArray();
                var started = Stopwatch.GetTimestamp();
                var (recorded, failures) = await SendBatch(http, tokens[picked[0]], new { query = RecordActivities, variables = new { input = new { statements } } }, batch);
                histogram.Record(Stopwatch.GetElapsedTime(started));
                done += recorded;
                foreach (var (code, count) in failures) mine[code] = mine.GetValueOrDefault(code) + count;
            }
            lock (total)
            {
                total.Add(histogram);
                ok += done;
                firstCount += first;
                foreach (var (code, count) in mine) errors[code] = errors.GetValueOrDefault(code) + count;
            }
        })));
        errors.Remove("");
        return new LoopResult(ok, errors, stopwatch.Elapsed, total) { FirstStatements = firstCount };
    }

    private static object Statement(Random random, string learnerId, string key)
    {
        var (verb, kind) = Statements[random.Next(Statements.Length)];
        return new { learnerId, idempotencyKey = key, verb, @object = new { id = $"{kind.ToLowerInvariant()}-{random.Next(500)}", kind } };
    }

    /// <summary>Posts one recordActivities request: the statements recorded, and what went wrong with the others by code.</summary>
    private static async Task<(long Recorded, Dictionary<string, long> Failures)> SendBatch(HttpClient http, string token, object body, int batch)
    {
        var failures = new Dictionary<string, long>();
        try
        {
            var (status, text) = await PostRaw(http, token, body);
            if (status != HttpStatusCode.OK) return (0, new() { [$"HTTP {(int)status}"] = batch });
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("errors", out var errors))
                return (0, new() { [errors[0].TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var c) ? c.GetString() ?? "error" : "error"] = batch });
            var payload = json.RootElement.GetProperty("data").GetProperty("recordActivities");
            if (payload.GetProperty("userErrors").GetArrayLength() > 0)
                return (0, new() { [payload.GetProperty("userErrors")[0].GetProperty("code").GetString() ?? "error"] = batch });
            long recorded = 0;
            foreach (var item in payload.GetProperty("results").EnumerateArray())
                if (item.GetProperty("error").ValueKind == JsonValueKind.Null) recorded++;
                else
                {
                    var code = item.GetProperty("error").GetProperty("code").GetString() ?? "error";
                    failures[code] = failures.GetValueOrDefault(code) + 1;
                }
            return (recorded, failures);
        }
        catch (Exception exception)
        {
            return (0, new() { [exception.GetType().Name] = batch });
        }
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
