using Gamified.Leaderboards;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gamified.Api.Security;
using Gamified.Storage.Leaderboards;
using Npgsql;
using StackExchange.Redis;

/// <summary>
/// The leaderboard benchmark over real HTTP, against a running server on PostgreSQL + Redis (started by
/// <c>ops/bench/run-http.sh</c>, which passes all of these):
///   --scenario http --url http://127.0.0.1:P --data-dir DIR (the server's, for its local signing key)
///   --postgres "Host=…" --redis 127.0.0.1:P --server-pid PID [--postgres-pid PID --redis-pid PID] (CPU per event)
///   [--learners 100000] [--departments 40] [--concurrency 64] [--warmup 5] [--duration 30]
///   [--query-duration 10] [--query-concurrency 4] [--board-members 1000000]
/// Phases: seed departments and learners through GraphQL; drive recordActivity with concurrent clients, each
/// request with an administrator's JWT (an import, which awards by default); check that every acknowledged event is in PostgreSQL; wait for the
/// boards; pad the all-time learner board to the target size with synthetic members; measure top-10 and
/// myRank over HTTP and the same reads straight on Redis; measure raw ZINCRBY at the same concurrency.
/// </summary>
internal static class HttpBenchmark
{
    private const string RecordActivity =
        "mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activityRecorded { xpAwarded xpTotal } userErrors { code } } }";
    private const string TopTen =
        "{ learnerLeaderboard(first: 10) { totalCount edges { node { rank score name departmentId isMe } } } }";
    private const string MyRank =
        "{ myRank { me { rank score } above { rank score name } below { rank score name } } }";
    // Verbs an import may carry that award and move boards (attendance and brainstorm verbs are the server's to record).
    private static readonly (string Verb, string Kind)[] Statements =
        [("ANSWERED", "QUIZ"), ("COMPLETED", "LESSON"), ("PASSED", "QUIZ"), ("FAILED", "QUIZ"), ("STARTED", "LESSON")];

    public static async Task Run(Args options)
    {
        var url = new Uri(options.Text("url") ?? throw new ArgumentException("--url is required"));
        var dataDirectory = options.Text("data-dir") ?? throw new ArgumentException("--data-dir is required");
        var postgres = options.Text("postgres") ?? throw new ArgumentException("--postgres is required");
        var redisAddress = options.Text("redis") ?? throw new ArgumentException("--redis is required");
        var serverPid = options.Int("server-pid", 0);
        _serverPid = serverPid;
        var postgresPid = options.Int("postgres-pid", 0);
        var redisPid = options.Int("redis-pid", 0);
        var learnerCount = options.Int("learners", 100_000);
        var departmentCount = options.Int("departments", 40);
        var concurrency = options.Int("concurrency", 64);
        var queryConcurrency = options.Int("query-concurrency", 4);
        var warmup = TimeSpan.FromSeconds(options.Int("warmup", 5));
        var duration = TimeSpan.FromSeconds(options.Int("duration", 30));
        var queryDuration = TimeSpan.FromSeconds(options.Int("query-duration", 10));
        var boardMembers = options.Int("board-members", 1_000_000);
        var prefix = options.Text("redis-prefix") ?? "gamified:board:";

        Report($"machine: {Environment.ProcessorCount} cores, {Memory()}; load average at start {LoadAverage()}");
        Report($"settings: {learnerCount:N0} learners in {departmentCount} departments, concurrency {concurrency} (queries {queryConcurrency}), " +
               $"warm-up {warmup.TotalSeconds:0} s, load {duration.TotalSeconds:0} s, queries {queryDuration.TotalSeconds:0} s each, board {boardMembers:N0} members");

        var tokens = new LocalTokens(new AuthOptions(), dataDirectory, TimeProvider.System);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency + 4,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };

        // ---------------------------------------------------------------- seed through the API
        var departments = Enumerable.Range(0, departmentCount).Select(d => $"bench-dept-{d:D2}").ToArray();
        var learners = Enumerable.Range(0, learnerCount).Select(i => $"bench-l{i:D7}").ToArray();
        var timer = Stopwatch.StartNew();
        var admin = tokens.Issue("bench-admin", [Roles.Admin]);
        foreach (var (department, d) in departments.Select((x, i) => (x, i)))
            await Post(http, admin, """mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } userErrors { code } } }""",
                new { input = new { id = department, names = new { zhCN = $"基准部门{d + 1}", en = $"Bench department {d + 1}" } } }, expectOk: true);
        const int perRequest = 10;
        var batches = Enumerable.Range(0, (learnerCount + perRequest - 1) / perRequest).ToArray();
        var seeded = 0;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (batch, ct) =>
        {
            // Several admins, so the per-user rate limit (600 a minute) is not what paces seeding.
            var token = tokens.Issue($"bench-admin-{batch % 64}", [Roles.Admin]);
            var document = new StringBuilder("mutation {");
            for (var i = batch * perRequest; i < Math.Min(learnerCount, (batch + 1) * perRequest); i++)
            {
                var visibility = (i % 10) switch { 0 => "REAL_NAME", 1 => "HIDDEN", _ => "PSEUDONYM" };
                document.Append(CultureInfo.InvariantCulture,
                    $" r{i}: registerLearner(input: {{id: \"{learners[i]}\", departmentId: \"{departments[i % departmentCount]}\", displayName: \"学员{i}\", visibility: {visibility}}}) {{ learner {{ id }} userErrors {{ code }} }}");
            }
            document.Append(" }");
            await Post(http, token, document.ToString(), null, expectOk: true);
            Interlocked.Add(ref seeded, perRequest);
        });
        Report($"seeded {departmentCount} departments and {learnerCount:N0} learners through registerLearner in {timer.Elapsed.TotalSeconds:0.0} s " +
               $"({learnerCount / timer.Elapsed.TotalSeconds:N0} learners/s, 10 per request, 64 requests in flight)");

        var learnerTokens = learners.Select(l => tokens.Issue(l, [Roles.Learner])).ToArray();
        // Statements that score by default are the server's own or an administrator's import of the organisation's records
        // (a learner's claims and a manager's statements score only under rules that name them), so the load is imports.
        var importerTokens = Enumerable.Range(0, 64).Select(n => tokens.Issue($"bench-importer-{n}", [Roles.Admin])).ToArray();
        var recorderTokens = learners.Select((_, i) => importerTokens[i % importerTokens.Length]).ToArray();
        await using var data = NpgsqlDataSource.Create(postgres);
        var activitiesBefore = await Scalar(data, "SELECT COUNT(*) FROM activities");
        var awardedBefore = await Scalar(data, "SELECT COUNT(*) FROM activities WHERE xp_awarded > 0");

        // ---------------------------------------------------------------- recordActivity over HTTP
        Report($"load average before the load: {LoadAverage()}");
        var (_, _, _, _) = await DriveRecordActivity(http, learners, recorderTokens, concurrency, warmup, "warm-up");
        var cpuBefore = (Server: CpuSeconds(serverPid, false), Postgres: CpuSeconds(postgresPid, true), Redis: CpuSeconds(redisPid, false), Client: Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        var loadDuring = "";
        var sampler = Task.Run(async () => { await Task.Delay(duration / 2); loadDuring = LoadAverage(); });
        // Profiling aid: GAMIFIED_BENCH_TRACE=<dotnet-trace> samples the server's CPU for 15 s of the load.
        using var trace = Environment.GetEnvironmentVariable("GAMIFIED_BENCH_TRACE") is { Length: > 0 } tracer && serverPid > 0
            ? Process.Start(tracer, ["collect", "-p", serverPid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
                "--duration", "00:00:00:15", "-o", Path.Combine(Path.GetTempPath(), $"gamified-server-{serverPid}.nettrace")])
            : null;
        var (ok, errors, elapsed, histogram) = await DriveRecordActivity(http, learners, recorderTokens, concurrency, duration, "load");
        await sampler;
        var cpu = (Server: CpuSeconds(serverPid, false) - cpuBefore.Server, Postgres: CpuSeconds(postgresPid, true) - cpuBefore.Postgres,
            Redis: CpuSeconds(redisPid, false) - cpuBefore.Redis,
            Client: Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuBefore.Client);
        var eventsPerSecond = ok / elapsed.TotalSeconds;
        Report($"recordActivity over HTTP: {ok:N0} events in {elapsed.TotalSeconds:0.0} s = {eventsPerSecond:N0} events/s, " +
               $"p50 {histogram.PercentileMillis(50):0.00} ms, p99 {histogram.PercentileMillis(99):0.00} ms, p99.9 {histogram.PercentileMillis(99.9):0.00} ms, " +
               $"max {histogram.MaxMicros / 1000.0:0.0} ms, errors {Errors(errors)}; load average during {loadDuring}");

        string PerEvent(double seconds) => ok == 0 ? "n/a" : $"{seconds / ok * 1e6:N0} µs";
        var cpuLine = $"server {PerEvent(cpu.Server)}, PostgreSQL {PerEvent(cpu.Postgres)}, Redis {PerEvent(cpu.Redis)}, load client {PerEvent(cpu.Client)}";
        Report($"CPU per event during the load: {cpuLine} (used {cpu.Server:0.0} + {cpu.Postgres:0.0} + {cpu.Redis:0.0} + {cpu.Client:0.0} CPU-s " +
               $"of the machine's {Environment.ProcessorCount} × {elapsed.TotalSeconds:0} s; the rest went to other processes or idle)");
        var durable = await Scalar(data, "SELECT COUNT(*) FROM activities") - activitiesBefore;
        Report($"durable: {durable:N0} rows in PostgreSQL's activities for the warm-up and the load ({(durable >= ok ? "every acknowledged event is there" : "MISSING EVENTS")})");
        var awarded = await Scalar(data, "SELECT COUNT(*) FROM activities WHERE xp_awarded > 0") - awardedBefore;
        Report($"awards: {awarded:N0} of those {durable:N0} statements wrote XP to the ledger (the rest earned 0: STARTED, or a cap)");

        // ---------------------------------------------------------------- the boards at 1,000,000 members
        var redis = await ConnectionMultiplexer.ConnectAsync(redisAddress + ",allowAdmin=true");
        var db = redis.GetDatabase();
        timer.Restart();
        var last = await Scalar(data, "SELECT COALESCE(MAX(position), 0) FROM ledger_entries");
        while ((long?)await db.StringGetAsync(prefix + "checkpoint") < last && timer.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(200);
        var board = prefix + BoardNames.Learners("all");
        var real = await db.SortedSetLengthAsync(board);
        Report($"boards caught up with the ledger {timer.Elapsed.TotalSeconds:0.0} s after the load; the all-time learner board holds {real:N0} real learners");
        timer.Restart();
        var synthetic = await Pad(db, board, boardMembers - real);
        Report($"padded the all-time learner board with {synthetic:N0} synthetic members (pipelined ZADD, {timer.Elapsed.TotalSeconds:0.0} s) " +
               $"to {await db.SortedSetLengthAsync(board):N0} members; Redis memory {RedisMemory(redis)}");

        // Latency of reads, not their saturation: a few clients at a time (64 clients would measure the queue: Little's law).
        var top = await Queries(http, learnerTokens, queryConcurrency, queryDuration, _ => TopTen, "learnerLeaderboard(first: 10)");
        var mine = await Queries(http, learnerTokens, queryConcurrency, queryDuration, _ => MyRank, "myRank");
        var topLoaded = await Queries(http, learnerTokens, concurrency, queryDuration, _ => TopTen, "learnerLeaderboard(first: 10), saturated");
        var rawTop = await RedisLoop(queryConcurrency, queryDuration, _ => db.SortedSetRangeByRankWithScoresAsync(board, 0, 9, Order.Descending), "raw ZREVRANGE 0 9 WITHSCORES");
        var rawRank = await RedisLoop(queryConcurrency, queryDuration, r => db.SortedSetRankAsync(board, learners[r.Next(learners.Length)], Order.Descending), "raw ZREVRANK");

        // ---------------------------------------------------------------- raw ZINCRBY, same Redis, same concurrency
        const string zincrKey = "bench:zincrby";
        await db.KeyDeleteAsync(zincrKey);
        var (zincrPerSecond, _) = await RedisLoop(concurrency, duration, r => db.SortedSetIncrementAsync(zincrKey, learners[r.Next(learners.Length)], 10),
            "raw ZINCRBY");
        await db.KeyDeleteAsync(zincrKey);

        var (hwm, rss) = ServerMemory(serverPid);
        Report($"server peak memory (VmHWM): {hwm}; resident at the end (VmRSS): {rss}; load average at the end {LoadAverage()}");

        Console.WriteLine();
        Console.WriteLine("| measure | result | target |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| durable recordActivity over HTTP ({concurrency} clients, {duration.TotalSeconds:0} s) | {eventsPerSecond:N0} events/s | ≥ 5,000 |");
        Console.WriteLine($"| recordActivity latency p50 / p99 | {histogram.PercentileMillis(50):0.00} ms / {histogram.PercentileMillis(99):0.00} ms | |");
        Console.WriteLine($"| errors | {Errors(errors)} | 0 |");
        Console.WriteLine($"| CPU per event | {cpuLine} | |");
        Console.WriteLine($"| raw Redis ZINCRBY ({concurrency} in flight, one connection) | {zincrPerSecond:N0} ops/s | |");
        Console.WriteLine($"| our durable events/s as a fraction of raw ZINCRBY | {eventsPerSecond / zincrPerSecond:0.000} ({eventsPerSecond / zincrPerSecond:P1}) | |");
        Console.WriteLine($"| learnerLeaderboard(first: 10) over HTTP, {boardMembers:N0} members, {queryConcurrency} clients: p50 / p99 | {top.Histogram.PercentileMillis(50):0.00} ms / {top.Histogram.PercentileMillis(99):0.00} ms ({top.PerSecond:N0} req/s) | p99 ≤ 5 ms |");
        Console.WriteLine($"| myRank over HTTP, {queryConcurrency} clients: p50 / p99 | {mine.Histogram.PercentileMillis(50):0.00} ms / {mine.Histogram.PercentileMillis(99):0.00} ms ({mine.PerSecond:N0} req/s) | p99 ≤ 5 ms |");
        Console.WriteLine($"| learnerLeaderboard(first: 10), {concurrency} clients (saturated) | {topLoaded.PerSecond:N0} req/s, p99 {topLoaded.Histogram.PercentileMillis(99):0.00} ms | |");
        Console.WriteLine($"| raw ZREVRANGE top-10 / ZREVRANK, {queryConcurrency} in flight: p99 | {rawTop.Histogram.PercentileMillis(99):0.00} ms / {rawRank.Histogram.PercentileMillis(99):0.00} ms ({rawTop.PerSecond:N0} / {rawRank.PerSecond:N0} ops/s) | |");
        Console.WriteLine($"| server peak memory (VmHWM) | {hwm} | |");
    }

    private static int _serverPid;

    private static async Task<(long Ok, Dictionary<string, long> Errors, TimeSpan Elapsed, LatencyHistogram Histogram)> DriveRecordActivity(
        HttpClient http, string[] learners, string[] tokens, int concurrency, TimeSpan duration, string label)
    {
        var run = Guid.NewGuid().ToString("n")[..8];
        var errors = new Dictionary<string, long>();
        var total = new LatencyHistogram();
        long ok = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + run.GetHashCode());
            var histogram = new LatencyHistogram();
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
                var started = Stopwatch.GetTimestamp();
                var error = await Send(http, tokens[i], body);
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
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed;
        if (label == "warm-up")
            Report($"warm-up: {ok:N0} events in {elapsed.TotalSeconds:0.0} s ({ok / elapsed.TotalSeconds:N0}/s), errors {Errors(errors)} (not counted)");
        return (ok, errors, elapsed, total);
    }

    private static async Task<(double PerSecond, LatencyHistogram Histogram)> Queries(
        HttpClient http, string[] tokens, int concurrency, TimeSpan duration, Func<Random, string> query, string label)
    {
        var total = new LatencyHistogram();
        var errors = new Dictionary<string, long>();
        var cpuBefore = CpuSeconds(_serverPid, false);
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var histogram = new LatencyHistogram();
            var mine = new Dictionary<string, long>();
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var error = await Send(http, tokens[random.Next(tokens.Length)], new { query = query(random) });
                histogram.Record(Stopwatch.GetElapsedTime(started));
                if (error is not null) mine[error] = mine.GetValueOrDefault(error) + 1;
            }
            lock (total)
            {
                total.Add(histogram);
                foreach (var (code, count) in mine) errors[code] = errors.GetValueOrDefault(code) + count;
            }
        })));
        var perSecond = total.Count / stopwatch.Elapsed.TotalSeconds;
        var cpu = (CpuSeconds(_serverPid, false) - cpuBefore) / Math.Max(1, total.Count) * 1e6;
        Report($"{label} over HTTP: {total.Count:N0} requests, {perSecond:N0}/s, p50 {total.PercentileMillis(50):0.00} ms, " +
               $"p99 {total.PercentileMillis(99):0.00} ms, max {total.MaxMicros / 1000.0:0.0} ms, errors {Errors(errors)}, " +
               $"server CPU {cpu:N0} µs a request; load average {LoadAverage()}");
        return (perSecond, total);
    }

    private static async Task<(double PerSecond, LatencyHistogram Histogram)> RedisLoop(
        int concurrency, TimeSpan duration, Func<Random, Task> operation, string label)
    {
        var (perSecond, total) = await ClosedLoop.Run(concurrency, duration, operation);
        Report($"{label}: {total.Count:N0} ops, {perSecond:N0}/s, p50 {total.PercentileMillis(50):0.000} ms, p99 {total.PercentileMillis(99):0.000} ms ({concurrency} in flight)");
        return (perSecond, total);
    }

    /// <summary>Adds synthetic members with a long-tailed spread of all-time scores (most low, a few up to 5,000 XP).</summary>
    private static async Task<long> Pad(IDatabase db, string board, long count)
    {
        if (count <= 0) return 0;
        var random = new Random(1);
        var reached = DateTimeOffset.UtcNow.AddDays(-90);
        var pending = new List<Task>();
        for (long start = 0; start < count; start += 1000)
        {
            var chunk = Enumerable.Range(0, (int)Math.Min(1000, count - start)).Select(i =>
            {
                var score = (long)(5000 * Math.Pow(random.NextDouble(), 3));
                return new SortedSetEntry($"synthetic-{start + i:D7}", BoardScore.Compose(score, reached.AddMinutes(random.Next(129_600))));
            }).ToArray();
            pending.Add(db.SortedSetAddAsync(board, chunk));
            if (pending.Count >= 32)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
        return count;
    }

    /// <summary>Posts one GraphQL request; returns null on success, or what went wrong (HTTP status or GraphQL error code).</summary>
    private const string Refused = "\"userErrors\":[{";

    private static async Task<string?> Send(HttpClient http, string token, object body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent(body) };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) return $"HTTP {(int)response.StatusCode}";
            if (text.Contains(Refused, StringComparison.Ordinal))   // a refusal in the payload's userErrors
                return JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("recordActivity").GetProperty("userErrors")[0].GetProperty("code").GetString();
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

    private static async Task Post(HttpClient http, string token, string query, object? variables, bool expectOk)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent(new { query, variables }) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (expectOk && (response.StatusCode != HttpStatusCode.OK || text.Contains("\"errors\"", StringComparison.Ordinal) || text.Contains(Refused, StringComparison.Ordinal)))
            throw new InvalidOperationException($"Seeding failed ({(int)response.StatusCode}): {text[..Math.Min(text.Length, 500)]}");
    }

    private static ByteArrayContent JsonContent(object body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static async Task<long> Scalar(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Errors(Dictionary<string, long> errors) =>
        errors.Count == 0 ? "0" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} × {e.Value:N0}"));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Memory() =>
        File.Exists("/proc/meminfo") && File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB RAM"
            : "RAM n/a";

    /// <summary>User + system CPU seconds of a process (with <paramref name="children"/>: and of its live and exited children).</summary>
    private static double CpuSeconds(int pid, bool children)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return double.NaN;
        const double ticks = 100.0;   // USER_HZ
        static string[]? Stat(string file)
        {
            try
            {
                var text = File.ReadAllText(file);
                return text[(text.LastIndexOf(')') + 2)..].Split(' ');   // fields from 3 (state) on
            }
            catch (IOException) { return null; }
        }
        double Field(string[] f, int number) => double.Parse(f[number - 3], CultureInfo.InvariantCulture);
        var own = Stat($"/proc/{pid}/stat")!;
        var total = Field(own, 14) + Field(own, 15);
        if (children)
        {
            total += Field(own, 16) + Field(own, 17);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(directory), out _) && Stat(Path.Combine(directory, "stat")) is { } f && f[1] == pid.ToString(CultureInfo.InvariantCulture))
                    total += Field(f, 14) + Field(f, 15);
        }
        return total / ticks;
    }

    private static (string Hwm, string Rss) ServerMemory(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (pid <= 0 || !File.Exists(status)) return ("n/a (no --server-pid)", "n/a");
        string Field(string name) => File.ReadLines(status).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } l
            ? $"{long.Parse(l[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0:N0} MiB"
            : "n/a";
        return (Field("VmHWM:"), Field("VmRSS:"));
    }

    private static string RedisMemory(ConnectionMultiplexer redis)
    {
        var info = redis.GetServer(redis.GetEndPoints()[0]).Info("memory").SelectMany(g => g).FirstOrDefault(p => p.Key == "used_memory_human");
        return info.Value ?? "n/a";
    }

    private static void Report(string line)
    {
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
    }
}
