using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gamified.Tests.Cluster.Faults;

/// <summary>How a client of the cluster behaves when an answer is not a success.</summary>
internal enum Retrying
{
    /// <summary>A careful client: it sends again, with the same idempotency key, after a retryable error or a lost connection.</summary>
    RetryableErrors,

    /// <summary>
    /// A load balancer's behaviour and nothing more: it health-checks every node's <c>/health/ready</c> several times a
    /// second and sends only to nodes that answered 200 at the last check (a draining node answers 503), and a refused
    /// connection moves the request to the next node; any other failure is final.
    /// </summary>
    RefusedConnectionsOnly,
}

/// <summary>
/// Sends <c>recordActivity</c> at a steady rate, round robin over the nodes, each statement with an idempotency key of its
/// own, and keeps every acknowledgement and every failure a client saw (when, from which node, what).
/// </summary>
internal sealed class LoadDriver(IReadOnlyList<ServerNode> nodes, string token, IReadOnlyList<string> learners, int perSecond, Retrying retrying)
    : IAsyncDisposable
{
    /// <summary>The codes <c>Gamified.Api</c> answers when trying again later can succeed: ErrorMapping's SERVICE_UNAVAILABLE
    /// and the HTTP transport's TIMEOUT (503 with Retry-After).</summary>
    public static readonly IReadOnlySet<string> RetryableCodes = new HashSet<string> { "SERVICE_UNAVAILABLE", "TIMEOUT" };

    /// <summary>What a client sees when its connection to a node is cut (the node killed): it cannot tell whether the statement was recorded.</summary>
    public const string ConnectionLost = "connection lost";

    private const string Record = """
        mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { activityId } userErrors { code message } } }
        """;

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly Dictionary<ServerNode, HttpClient> _clients = nodes.ToDictionary(n => n, n => NewClient(n, token));
    private readonly string _run = Guid.NewGuid().ToString("n")[..8];
    private int _next;

    public ConcurrentQueue<(string Key, string Learner)> Acknowledged { get; } = new();

    public ConcurrentQueue<Failure> Failures { get; } = new();

    /// <summary>Statements whose client gave up (a final failure, or still failing after a minute).</summary>
    public ConcurrentQueue<string> GaveUp { get; } = new();

    public int Sent => _next;

    /// <summary>Until <paramref name="count"/> more statements than now are acknowledged; fails after <paramref name="limit"/>.</summary>
    public async Task UntilMoreAcknowledgedAsync(int count, TimeSpan limit)
    {
        var target = Acknowledged.Count + count;
        var watch = Stopwatch.StartNew();
        while (Acknowledged.Count < target)
        {
            Assert.True(watch.Elapsed < limit, $"Fewer than {count} more acknowledgements within {limit.TotalSeconds:0} s: {Describe()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The nodes the last health check found ready (a balancer's view; everyone, for a client that retries itself).</summary>
    private readonly ConcurrentDictionary<ServerNode, bool> _ready = new(nodes.Select(n => KeyValuePair.Create(n, true)));

    private async Task CheckHealthAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var node in nodes) _ready[node] = await node.ReadinessAsync() is null or System.Net.HttpStatusCode.OK;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private readonly CancellationTokenSource _stop = new();
    private Task _sending = Task.CompletedTask;

    /// <summary>Starts sending, at the steady rate, until <see cref="StopAsync"/>.</summary>
    public LoadDriver Start()
    {
        _sending = RunAsync(_stop.Token);
        return this;
    }

    /// <summary>Stops sending, then waits for the statements still on their way (each ends as acknowledged or given up).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _stop.CancelAsync();
        await _sending;
        _stop.Dispose();
    }

    /// <summary>
    /// For a test that failed before <see cref="StopAsync"/>: stops sending and abandons the retries still going. Without it,
    /// a failed fault test left its driver sending 100 statements a second to a stopped node for the rest of the run, and
    /// the load it made failed unrelated tests.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _abandoned = true;
        await StopAsync();
    }

    private bool _stopped;
    private volatile bool _abandoned;

    private async Task RunAsync(CancellationToken stop)
    {
        // A node that does not answer its health check at all is left in (the request is refused at once and moves on, as
        // with a balancer whose check has not yet run); one that answers 503 is draining and gets nothing new.
        var health = retrying == Retrying.RefusedConnectionsOnly ? CheckHealthAsync(stop) : Task.CompletedTask;
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var started = 0;
        while (!stop.IsCancellationRequested)
        {
            // Steady: the n-th statement leaves at n / rate seconds, however long the earlier ones take.
            var due = (long)(started * 1000.0 / perSecond) - clock.ElapsedMilliseconds;
            if (due > 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(due), stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            inFlight.Add(SendOne(started++));
        }
        await Task.WhenAll(inFlight);
        await health;
    }

    private async Task SendOne(int n)
    {
        var learner = learners[n % learners.Count];
        var key = $"load-{_run}-{n}";
        var body = JsonSerializer.Serialize(new
        {
            query = Record,
            variables = new { input = new { learnerId = learner, idempotencyKey = key, verb = "COMPLETED", @object = new { id = $"lesson-{_run}-{n}", kind = "LESSON" } } },
        });
        var node = Interlocked.Increment(ref _next);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var target = nodes[node++ % nodes.Count];
            // Past the nodes the balancer holds out of rotation, unless it holds them all.
            for (var skipped = 0; !_ready[target] && skipped < nodes.Count; skipped++) target = nodes[node++ % nodes.Count];
            var took = Stopwatch.StartNew();
            var outcome = await Post(target, body);
            if (outcome is null)
            {
                Acknowledged.Enqueue((key, learner));
                return;
            }
            var retry = outcome == "refused" || (retrying == Retrying.RetryableErrors && (outcome == ConnectionLost || RetryableCodes.Contains(outcome)));
            // A refused connection never reached a server: the balancer's own retry, not something the client sees.
            if (outcome != "refused") Failures.Enqueue(new Failure(DateTimeOffset.UtcNow, target.Name, outcome, key, took.Elapsed));
            if (!retry || watch.Elapsed > GiveUpAfter || _abandoned)
            {
                GaveUp.Enqueue(key);
                return;
            }
            // A refused connection is answered at once: pause a little so a client of one node does not spin while it is away.
            await Task.Delay(outcome == "refused" ? 50 : 200);
        }
    }

    /// <summary>Null for an acknowledgement; otherwise what the client saw: an error code, <c>refused</c> or <see cref="ConnectionLost"/>.</summary>
    private async Task<string?> Post(ServerNode node, string body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
            using var response = await _clients[node].SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? answer;
            try
            {
                answer = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return $"HTTP {(int)response.StatusCode} without JSON";
            }
            if (answer?["errors"] is JsonArray { Count: > 0 } errors) return errors[0]?["extensions"]?["code"]?.GetValue<string>() ?? "error without code";
            var payload = answer?["data"]?["recordActivity"];
            if (payload?["userErrors"] is JsonArray { Count: > 0 } userErrors) return userErrors[0]?["code"]?.GetValue<string>() ?? "userError without code";
            return payload?["activityRecorded"]?["activityId"] is not null ? null : $"HTTP {(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}";
        }
        catch (HttpRequestException refused) when (refused.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return "refused";
        }
        catch (Exception lost) when (lost is HttpRequestException or IOException or TaskCanceledException)
        {
            return ConnectionLost;
        }
    }

    private static HttpClient NewClient(ServerNode node, string token)
    {
        // A fresh connection for every request would hide keep-alive connections cut by a stop; a pool as a real client keeps.
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = node.Address,
            Timeout = TimeSpan.FromSeconds(45),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The time from the first failure a client saw to the last (zero when there was none).</summary>
    public TimeSpan FailureWindow() => Failures.IsEmpty ? TimeSpan.Zero : Failures.Max(f => f.At) - Failures.Min(f => f.At);

    /// <summary>Every failure is one a client may retry: a retryable code, or a connection cut under it.</summary>
    public void AssertOnlyRetryableFailures() =>
        Assert.All(Failures, f => Assert.True(f.What == ConnectionLost || RetryableCodes.Contains(f.What),
            $"{f.Node} answered {f.What} at {f.At:HH:mm:ss.fff}, which a client may not retry"));

    public string Describe() =>
        $"sent {Sent}, acknowledged {Acknowledged.Count}, gave up {GaveUp.Count}; failures seen: " +
        string.Join(", ", Failures.GroupBy(f => $"{f.Node} {f.What}").Select(g => $"{g.Key} ×{g.Count()}")) +
        $"; window {FailureWindow().TotalSeconds:0.0} s";
}

/// <summary>A failure a client saw: when it came, from which node, what it was, and how long the client waited for it.</summary>
internal sealed record Failure(DateTimeOffset At, string Node, string What, string Key, TimeSpan Took);
