using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gamified.Api.Security;
using Gamified.Leaderboards;
using Gamified.Storage.Database;
using StackExchange.Redis;
using static BenchResults.Better;

/// <summary>
/// The leaderboard benchmark over real HTTP, against a running server (started by <c>ops/bench/run-http.sh</c>, which
/// passes all of these):
///   --scenario http --url http://127.0.0.1:P --data-dir DIR (the server's: its local signing key, and its SQLite file)
///   --postgres "Host=…" (the server's database; without it, the SQLite file in DIR) [--redis 127.0.0.1:P] (without it,
///   the server's in-process boards) --server-pid PID [--postgres-pid PID --redis-pid PID] (CPU per event)
///   [--server-log FILE] (counts its warnings and Orleans's long grain turns) [--mode NAME --commit SHA --results-dir DIR]
///   [--learners 100000] [--departments 40] [--concurrency 64] [--warmup 5] [--duration 30]
///   [--query-duration 10] [--query-concurrency 4] [--board-members 1000000] (Redis only)
/// Phases: seed departments, then learners through the staff import; drive recordActivity with concurrent clients (an
/// administrator's import, which awards by default); check that every acknowledged event is in the database; wait for the
/// boards; with Redis, pad the all-time learner board to the target size with synthetic members; measure top-10 and myRank
/// over HTTP with a few clients (latency) and many (throughput); with Redis, the same reads straight on Redis and raw
/// ZINCRBY. Then the results file, and each measure beside the previous run of the same mode.
/// </summary>
internal static class HttpBenchmark
{
    private const string TopTen =
        "{ learnerLeaderboard(first: 10) { totalCount edges { node { rank score name departmentId isMe } } } }";
    private const string MyRank =
        "{ myRank { me { rank score } above { rank score name } below { rank score name } } }";
    private const string BoardSize = "{ learnerLeaderboard(first: 1) { totalCount } }";

    public static async Task Run(Args options)
    {
        var url = new Uri(options.Text("url") ?? throw new ArgumentException("--url is required"));
        var dataDirectory = options.Text("data-dir") ?? throw new ArgumentException("--data-dir is required");
        var postgres = options.Text("postgres");
        var redisAddress = options.Text("redis");
        var serverPid = options.Int("server-pid", 0);
        var postgresPid = options.Int("postgres-pid", 0);
        var redisPid = options.Int("redis-pid", 0);
        var learnerCount = options.Int("learners", 100_000);
        var departmentCount = options.Int("departments", 40);
        var concurrency = options.Int("concurrency", 64);
        var queryConcurrency = options.Int("query-concurrency", 4);
        var warmup = TimeSpan.FromSeconds(options.Int("warmup", 5));
        var duration = TimeSpan.FromSeconds(options.Int("duration", 30));
        var queryDuration = TimeSpan.FromSeconds(options.Int("query-duration", 10));
        var boardMembers = redisAddress is null ? 0 : options.Int("board-members", 1_000_000);
        var prefix = options.Text("redis-prefix") ?? "gamified:board:";
        var storage = postgres is null ? "SQLite" : "PostgreSQL";
        var boards = redisAddress is null ? "in-process" : "Redis";
        var mode = options.Text("mode") ?? (postgres is null ? "embedded" : "postgres-redis");
        var visibilityMix = options.Int("visibility-mix", 0) == 1;
        var batch = Math.Clamp(options.Int("batch", 100), 0, 500);
        // 16 clients of 100 statements keep 1,600 statements in flight, more than the 64 single ones: enough to fill the group
        // commits; more would only lengthen each request's wait.
        var batchConcurrency = options.Int("batch-concurrency", 16);

        var results = new BenchResults(mode, new Dictionary<string, string>
        {
            ["storage"] = storage, ["boards"] = boards, ["learners"] = Text(learnerCount), ["departments"] = Text(departmentCount),
            ["concurrency"] = Text(concurrency), ["query_concurrency"] = Text(queryConcurrency), ["warmup_s"] = Text(warmup.TotalSeconds),
            ["duration_s"] = Text(duration.TotalSeconds), ["query_duration_s"] = Text(queryDuration.TotalSeconds), ["board_members"] = Text(boardMembers),
            ["visibility_mix"] = visibilityMix ? "a tenth real names, a tenth hidden" : "all pseudonyms",
            ["batch"] = Text(batch), ["batch_concurrency"] = Text(batchConcurrency),
        });
        var log = new ServerLogCounts.Reader(options.Text("server-log"));
        Report($"mode {mode}: {storage} with {boards} boards; machine: {Environment.ProcessorCount} cores, {ProcessStats.Memory()}; load average at start {ProcessStats.LoadAverage()}");
        Report($"settings: {learnerCount:N0} learners in {departmentCount} departments, concurrency {concurrency} (queries {queryConcurrency}), " +
               $"warm-up {warmup.TotalSeconds:0} s, load {duration.TotalSeconds:0} s, queries {queryDuration.TotalSeconds:0} s each" +
               (redisAddress is null ? "" : $", board padded to {boardMembers:N0} members"));

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
        var database = postgres is null
            ? GamifiedDatabase.FromOptions(new StorageOptions { DataDirectory = dataDirectory })
            : new GamifiedDatabase(StorageProvider.Postgres, postgres);

        // ---------------------------------------------------------------- seed through the API
        var departments = Enumerable.Range(0, departmentCount).Select(d => $"bench-dept-{d:D2}").ToArray();
        var learners = Enumerable.Range(0, learnerCount).Select(i => $"bench-l{i:D7}").ToArray();
        var seeding = await HttpSeeding.Run(http, tokens, departments, learners, parallelImports: postgres is not null, visibilityMix);
        var seedLog = log.Next();
        Report($"seeded {departmentCount} departments ({seeding.Departments.TotalSeconds:0.0} s) and {learnerCount:N0} learners through importStaff in " +
               $"{seeding.Import.TotalSeconds:0.0} s ({learnerCount / seeding.Import.TotalSeconds:N0} learners/s, {seeding.Chunks} CSV chunks" +
               $"{(postgres is null ? "" : ", 4 at once")}); " +
               (visibilityMix
                   ? $"{seeding.VisibilityChanged:N0} chose a real name or to be hidden (setMyVisibility, 64 in flight) in {seeding.Visibility.TotalSeconds:0.0} s; "
                   : "all are pseudonyms (the import's default; --visibility-mix 1 sets a tenth real names and a tenth hidden); ") +
               $"all told {seeding.Total.TotalSeconds:0.0} s = {learnerCount / seeding.Total.TotalSeconds:N0} learners/s. Server log meanwhile: {seedLog}");
        results.Add("seed_import_learners_per_s", "seeding: staff import (importStaff, CSV chunks)", learnerCount / seeding.Import.TotalSeconds, "learners/s", Higher, "≥ 5,000");
        if (visibilityMix)
            results.Add("seed_visibility_s", "seeding: a tenth real names, a tenth hidden (setMyVisibility)", seeding.Visibility.TotalSeconds, "s", Lower);
        results.Add("seed_total_learners_per_s", "seeding all told", learnerCount / seeding.Total.TotalSeconds, "learners/s", Higher);

        var learnerTokens = learners.Select(l => tokens.Issue(l, [Roles.Learner])).ToArray();
        // Statements that score by default are the server's own or an administrator's import of the organisation's records
        // (a learner's claims and a manager's statements score only under rules that name them), so the load is imports.
        var importerTokens = Enumerable.Range(0, 64).Select(n => tokens.Issue($"bench-importer-{n}", [Roles.Admin])).ToArray();
        var recorderTokens = learners.Select((_, i) => importerTokens[i % importerTokens.Length]).ToArray();
        var activitiesBefore = await Scalar(database, "SELECT COUNT(*) FROM activities");
        var awardedBefore = await Scalar(database, "SELECT COUNT(*) FROM activities WHERE xp_awarded > 0");

        // ---------------------------------------------------------------- recordActivity over HTTP
        results.Load("before", ProcessStats.LoadAverage());
        Report($"load average before the load: {ProcessStats.LoadAverage()}");
        var firsts = new FirstActivities(learnerCount, i => visibilityMix && HttpSeeding.VisibilityOf(i) is not null);
        var warm = await HttpLoad.DriveRecordActivity(http, learners, recorderTokens, concurrency, warmup, firsts);
        Report($"warm-up: {warm.Ok:N0} events in {warm.Elapsed.TotalSeconds:0.0} s ({warm.Ok / warm.Elapsed.TotalSeconds:N0}/s), errors {warm.ErrorText} (not counted)");
        var cpuBefore = (Server: ProcessStats.CpuSeconds(serverPid, false), Postgres: ProcessStats.CpuSeconds(postgresPid, true),
            Redis: ProcessStats.CpuSeconds(redisPid, false), Client: Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
        var loadDuring = "";
        var sampler = Task.Run(async () => { await Task.Delay(duration / 2); loadDuring = ProcessStats.LoadAverage(); });
        // Profiling aid: GAMIFIED_BENCH_TRACE=<dotnet-trace> samples the server's CPU for 15 s of the load.
        using var trace = Environment.GetEnvironmentVariable("GAMIFIED_BENCH_TRACE") is { Length: > 0 } tracer && serverPid > 0
            ? Process.Start(tracer, ["collect", "-p", serverPid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
                "--duration", "00:00:00:15", "-o", Path.Combine(Path.GetTempPath(), $"gamified-server-{serverPid}.nettrace")])
            : null;
        var load = await HttpLoad.DriveRecordActivity(http, learners, recorderTokens, concurrency, duration, firsts);
        await sampler;
        results.Load("during", loadDuring);
        var cpu = (Server: ProcessStats.CpuSeconds(serverPid, false) - cpuBefore.Server, Postgres: ProcessStats.CpuSeconds(postgresPid, true) - cpuBefore.Postgres,
            Redis: ProcessStats.CpuSeconds(redisPid, false) - cpuBefore.Redis, Client: Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuBefore.Client);
        var loadLog = log.Next();
        var eventsPerSecond = load.Ok / load.Elapsed.TotalSeconds;
        var h = load.Histogram;
        Report($"recordActivity over HTTP: {load.Ok:N0} events in {load.Elapsed.TotalSeconds:0.0} s = {eventsPerSecond:N0} events/s, " +
               $"p50 {h.PercentileMillis(50):0.00} ms, p99 {h.PercentileMillis(99):0.00} ms, p99.9 {h.PercentileMillis(99.9):0.00} ms, " +
               $"max {h.MaxMicros / 1000.0:0.0} ms, errors {load.ErrorText}; load average during {loadDuring}");
        Report($"an imported learner's first statement (their grain takes its HR record): {firsts.First.Count:N0} in warm-up and load, " +
               $"p50 {firsts.First.PercentileMillis(50):0.00} ms, p99 {firsts.First.PercentileMillis(99):0.00} ms; the other statements: " +
               $"{firsts.Later.Count:N0}, p50 {firsts.Later.PercentileMillis(50):0.00} ms, p99 {firsts.Later.PercentileMillis(99):0.00} ms");
        double PerEvent(double seconds) => load.Ok == 0 ? double.NaN : seconds / load.Ok * 1e6;
        Report($"CPU per event during the load: server {Micros(PerEvent(cpu.Server))}, PostgreSQL {Micros(PerEvent(cpu.Postgres))}, Redis {Micros(PerEvent(cpu.Redis))}, " +
               $"load client {Micros(PerEvent(cpu.Client))} (used {cpu.Server:0.0} + {cpu.Postgres:0.0} + {cpu.Redis:0.0} + {cpu.Client:0.0} CPU-s of the machine's " +
               $"{Environment.ProcessorCount} × {load.Elapsed.TotalSeconds:0} s; the rest went to other processes or idle)");
        Report($"server log during warm-up and load: {loadLog}");
        results.Add("record_events_per_s", $"durable recordActivity over HTTP ({concurrency} clients, {duration.TotalSeconds:0} s)", eventsPerSecond, "events/s", Higher, "≥ 5,000");
        results.Add("record_p50_ms", "recordActivity latency p50", h.PercentileMillis(50), "ms", Lower);
        results.Add("record_p99_ms", "recordActivity latency p99", h.PercentileMillis(99), "ms", Lower);
        results.Add("record_p999_ms", "recordActivity latency p99.9", h.PercentileMillis(99.9), "ms", Lower);
        results.Add("record_errors", "recordActivity errors", load.ErrorCount, "", Lower, "0");
        results.Add("first_statement_count", "imported learners' first statements (warm-up and load)", firsts.First.Count, "");
        results.Add("first_statement_p50_ms", "an imported learner's first statement: p50", firsts.First.PercentileMillis(50), "ms", Lower);
        results.Add("first_statement_p99_ms", "an imported learner's first statement: p99", firsts.First.PercentileMillis(99), "ms", Lower);
        results.Add("later_statement_p50_ms", "the other statements: p50", firsts.Later.PercentileMillis(50), "ms", Lower);
        results.Add("later_statement_p99_ms", "the other statements: p99", firsts.Later.PercentileMillis(99), "ms", Lower);
        results.Add("cpu_server_us_per_event", "server CPU per event", PerEvent(cpu.Server), "µs", Lower);
        results.Add("cpu_postgres_us_per_event", "PostgreSQL CPU per event", PerEvent(cpu.Postgres), "µs", Lower);
        results.Add("cpu_redis_us_per_event", "Redis CPU per event", PerEvent(cpu.Redis), "µs", Lower);
        results.Add("cpu_client_us_per_event", "load client CPU per event", PerEvent(cpu.Client), "µs", Lower);

        // The peak up to here is the learners' own: the board reads below look up the people around each reader, which
        // activates those people's grains too (on a padded board, mostly synthetic members that stay unregistered).
        var (peakAfterLoad, _) = ProcessStats.MemoryOf(serverPid);
        Report($"server peak memory after the load (VmHWM): {peakAfterLoad:N0} MiB, with {firsts.First.Count:N0} imported learners' grains activated by their first statement");
        results.Add("server_peak_after_load_mib", "server peak memory up to the end of the load (VmHWM)", peakAfterLoad, "MiB", Lower);

        // ---------------------------------------------------------------- the boards
        var timer = Stopwatch.StartNew();
        var scored = await Scalar(database, "SELECT COUNT(*) FROM learner_accounts WHERE xp > 0");
        long onBoard;
        ConnectionMultiplexer? redis = null;
        IDatabase? db = null;
        var board = prefix + BoardNames.Learners("all");
        if (redisAddress is not null)
        {
            redis = await ConnectionMultiplexer.ConnectAsync(redisAddress + ",allowAdmin=true");
            db = redis.GetDatabase();
            var last = await Scalar(database, "SELECT COALESCE(MAX(position), 0) FROM ledger_entries");
            while (BoardCursor.Parse(await db.StringGetAsync(prefix + "checkpoint")).Position < last && timer.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(200);
            onBoard = await db.SortedSetLengthAsync(board);
        }
        else
        {
            // The in-process boards have no cursor to read from outside: wait until the board counts everyone who has XP.
            while ((onBoard = await TotalCount(http, learnerTokens[0])) < scored && timer.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(200);
        }
        Report($"boards caught up with the ledger {timer.Elapsed.TotalSeconds:0.0} s after the load; the all-time learner board holds {onBoard:N0} real learners " +
               $"(of {scored:N0} with XP)");
        results.Add("boards_catch_up_s", "boards caught up with the ledger after the load", timer.Elapsed.TotalSeconds, "s", Lower);
        results.Add("board_real_learners", "real learners on the all-time board", onBoard, "");
        if (db is not null)
        {
            timer.Restart();
            var synthetic = await Pad(db, board, boardMembers - onBoard);
            Report($"padded the all-time learner board with {synthetic:N0} synthetic members (pipelined ZADD, {timer.Elapsed.TotalSeconds:0.0} s) " +
                   $"to {await db.SortedSetLengthAsync(board):N0} members; Redis memory {RedisMemory(redis!)}");
        }
        var members = db is null ? onBoard : await db.SortedSetLengthAsync(board);

        // Reads as returning learners make them: an imported learner whose grain never ran would take their HR record on the
        // first read (writes; the first-statement figures above measure that), which is not what a board read costs.
        var readers = learnerTokens.Where((_, i) => firsts.Ran(i)).ToArray();
        Report($"board reads with the tokens of the {readers.Length:N0} learners whose grains have run (sent a statement{(visibilityMix ? ", or chose a visibility" : "")})");
        // Latency with a few clients (with many, the figure is the queue: Little's law), then throughput with many.
        foreach (var (name, query) in new[] { ("top10", TopTen), ("myrank", MyRank) })
            foreach (var clients in new[] { queryConcurrency, concurrency })
            {
                var label = $"{(name == "top10" ? "learnerLeaderboard(first: 10)" : "myRank")} over HTTP, {members:N0} members, {clients} clients";
                var cpuStart = ProcessStats.CpuSeconds(serverPid, false);
                var reads = await HttpLoad.Queries(http, readers, clients, queryDuration, query);
                var cpuPerRequest = (ProcessStats.CpuSeconds(serverPid, false) - cpuStart) / Math.Max(1, reads.Histogram.Count) * 1e6;
                Report($"{label}: {reads.Histogram.Count:N0} requests, {reads.PerSecond:N0}/s, p50 {reads.Histogram.PercentileMillis(50):0.00} ms, " +
                       $"p99 {reads.Histogram.PercentileMillis(99):0.00} ms, max {reads.Histogram.MaxMicros / 1000.0:0.0} ms, errors {reads.ErrorText}, " +
                       $"server CPU {Micros(cpuPerRequest)} a request; load average {ProcessStats.LoadAverage()}");
                var key = $"{name}_{clients}c";
                // The issue's targets: reads answer within 5 ms (p99) at a few clients; myRank, the read every learner's page
                // makes, at 64 clients does 5,000 a second within 20 ms.
                var latencyTarget = clients == queryConcurrency ? "p99 ≤ 2 ms" : name == "myrank" ? "p99 ≤ 20 ms" : "";
                results.Add($"{key}_per_s", $"{label}: requests/s", reads.PerSecond, "req/s", Higher,
                    name == "myrank" && clients == concurrency ? "≥ 5,000" : "");
                results.Add($"{key}_p50_ms", $"{label}: p50", reads.Histogram.PercentileMillis(50), "ms", Lower);
                results.Add($"{key}_p99_ms", $"{label}: p99", reads.Histogram.PercentileMillis(99), "ms", Lower, latencyTarget);
                results.Add($"{key}_errors", $"{label}: errors", reads.ErrorCount, "", Lower);
                results.Add($"{key}_cpu_us", $"{label}: server CPU a request", cpuPerRequest, "µs", Lower);
            }
        var readLog = log.Next();
        Report($"server log during the board reads: {readLog}");

        if (db is not null)
        {
            var rawTop = await HttpLoad.Loop(queryConcurrency, queryDuration, _ => db.SortedSetRangeByRankWithScoresAsync(board, 0, 9, Order.Descending));
            var rawRank = await HttpLoad.Loop(queryConcurrency, queryDuration, r => db.SortedSetRankAsync(board, learners[r.Next(learners.Length)], Order.Descending));
            // Raw ZINCRBY, same Redis, same concurrency as the load: the ceiling of "add points to a sorted set".
            const string zincrKey = "bench:zincrby";
            await db.KeyDeleteAsync(zincrKey);
            var zincr = await HttpLoad.Loop(concurrency, queryDuration, r => db.SortedSetIncrementAsync(zincrKey, learners[r.Next(learners.Length)], 10));
            await db.KeyDeleteAsync(zincrKey);
            foreach (var (label, raw) in new[] { ("raw ZREVRANGE 0 9 WITHSCORES", rawTop), ("raw ZREVRANK", rawRank), ("raw ZINCRBY", zincr) })
                Report($"{label}: {raw.Histogram.Count:N0} ops, {raw.PerSecond:N0}/s, p50 {raw.Histogram.PercentileMillis(50):0.000} ms, p99 {raw.Histogram.PercentileMillis(99):0.000} ms");
            results.Add("raw_zrevrange_p99_ms", $"raw ZREVRANGE top-10, {queryConcurrency} in flight: p99", rawTop.Histogram.PercentileMillis(99), "ms", Lower);
            results.Add("raw_zrevrank_p99_ms", $"raw ZREVRANK, {queryConcurrency} in flight: p99", rawRank.Histogram.PercentileMillis(99), "ms", Lower);
            results.Add("raw_zincrby_per_s", $"raw ZINCRBY ({concurrency} in flight, one connection)", zincr.PerSecond, "ops/s", Higher);
            results.Add("fraction_of_zincrby", "our durable events/s as a fraction of raw ZINCRBY", eventsPerSecond / zincr.PerSecond, "", Higher);
            redis!.Dispose();
        }

        var (peak, resident) = ProcessStats.MemoryOf(serverPid);
        results.Add("server_peak_mib", "server peak memory (VmHWM)", peak, "MiB", Lower);

        // ---------------------------------------------------------------- recordActivities over HTTP (batches)
        // Last, so that every measure above compares with runs from before batches existed.
        // The same statements, as an integration or an import sends them: --batch to a request. The HTTP request, the token,
        // the GraphQL parse and the audit entry are paid once a batch; every statement still goes through the intake, its
        // learner's grain, the ledger and the group commit, and is durable before the answer.
        long batchAcknowledged = 0;
        var batchLog = ServerLogCounts.Empty;
        if (batch > 0)
        {
            var batchWarm = await HttpLoad.DriveRecordActivities(http, learners, recorderTokens, batchConcurrency, batch, warmup, firsts);
            Report($"batched warm-up: {batchWarm.Ok:N0} statements in {batchWarm.Elapsed.TotalSeconds:0.0} s ({batchWarm.Ok / batchWarm.Elapsed.TotalSeconds:N0}/s), errors {batchWarm.ErrorText} (not counted)");
            var batchCpuBefore = (Server: ProcessStats.CpuSeconds(serverPid, false), Postgres: ProcessStats.CpuSeconds(postgresPid, true),
                Redis: ProcessStats.CpuSeconds(redisPid, false), Client: Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
            var batchLoadDuring = "";
            var batchSampler = Task.Run(async () => { await Task.Delay(duration / 2); batchLoadDuring = ProcessStats.LoadAverage(); });
            var batched = await HttpLoad.DriveRecordActivities(http, learners, recorderTokens, batchConcurrency, batch, duration, firsts);
            await batchSampler;
            var batchCpu = (Server: ProcessStats.CpuSeconds(serverPid, false) - batchCpuBefore.Server, Postgres: ProcessStats.CpuSeconds(postgresPid, true) - batchCpuBefore.Postgres,
                Redis: ProcessStats.CpuSeconds(redisPid, false) - batchCpuBefore.Redis, Client: Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - batchCpuBefore.Client);
            batchAcknowledged = batchWarm.Ok + batched.Ok;
            var perSecond = batched.Ok / batched.Elapsed.TotalSeconds;
            double PerStatement(double seconds) => batched.Ok == 0 ? double.NaN : seconds / batched.Ok * 1e6;
            var bh = batched.Histogram;
            Report($"recordActivities over HTTP, {batch} statements a request, {batchConcurrency} clients: {batched.Ok:N0} statements in {batched.Elapsed.TotalSeconds:0.0} s = {perSecond:N0} events/s " +
                   $"({bh.Count:N0} requests, p50 {bh.PercentileMillis(50):0.0} ms, p99 {bh.PercentileMillis(99):0.0} ms a request), errors {batched.ErrorText}; " +
                   $"{batched.FirstStatements:N0} of the statements were an imported learner's first; load average during {batchLoadDuring}");
            Report($"CPU per statement during the batched load: server {Micros(PerStatement(batchCpu.Server))}, PostgreSQL {Micros(PerStatement(batchCpu.Postgres))}, " +
                   $"Redis {Micros(PerStatement(batchCpu.Redis))}, load client {Micros(PerStatement(batchCpu.Client))}");
            batchLog = log.Next();
            Report($"server log during the batched warm-up and load: {batchLog}");
            results.Add("batch_events_per_s", $"durable statements over HTTP in recordActivities of {batch} ({batchConcurrency} clients, {duration.TotalSeconds:0} s)", perSecond, "events/s", Higher, "≥ 5,000");
            results.Add("batch_request_p50_ms", "recordActivities request latency p50", bh.PercentileMillis(50), "ms", Lower);
            results.Add("batch_request_p99_ms", "recordActivities request latency p99", bh.PercentileMillis(99), "ms", Lower);
            results.Add("batch_errors", "recordActivities statements refused or failed", batched.ErrorCount, "", Lower, "0");
            results.Add("batch_first_statements", "of the batched statements, imported learners' first", batched.FirstStatements, "");
            results.Add("batch_cpu_server_us_per_event", "server CPU per batched statement", PerStatement(batchCpu.Server), "µs", Lower, "≤ 200");
            results.Add("batch_cpu_postgres_us_per_event", "PostgreSQL CPU per batched statement", PerStatement(batchCpu.Postgres), "µs", Lower, "≤ 150");
            var (peakAfterBatches, _) = ProcessStats.MemoryOf(serverPid);
            Report($"server peak memory after the batches (VmHWM): {peakAfterBatches:N0} MiB");
            results.Add("server_peak_after_batches_mib", "server peak memory after the batched load (VmHWM)", peakAfterBatches, "MiB", Lower);
        }

        var durable = await Scalar(database, "SELECT COUNT(*) FROM activities") - activitiesBefore;
        var acknowledged = warm.Ok + load.Ok + batchAcknowledged;
        Report($"durable: {durable:N0} rows in {storage}'s activities for the warm-ups and the loads, {acknowledged:N0} acknowledged " +
               $"({(durable >= acknowledged ? "every acknowledged event is there" : "MISSING EVENTS")})");
        var awarded = await Scalar(database, "SELECT COUNT(*) FROM activities WHERE xp_awarded > 0") - awardedBefore;
        Report($"awards: {awarded:N0} of those {durable:N0} statements wrote XP to the ledger (the rest earned 0: STARTED, or a cap)");
        results.Add("acknowledged_missing", "acknowledged events missing from the database", Math.Max(0, acknowledged - durable), "", Lower, "0");
        results.Add("statements_awarded", "acknowledged statements that wrote XP to the ledger", awarded, "");

        var allLog = seedLog.Plus(loadLog).Plus(batchLog).Plus(readLog).Plus(log.Next());
        results.Load("after", ProcessStats.LoadAverage());
        Report($"server peak memory (VmHWM): {peak:N0} MiB; resident at the end (VmRSS): {resident:N0} MiB; load average at the end {ProcessStats.LoadAverage()}");
        Report($"server log over the whole run: {allLog}");
        results.Add("long_grain_turns", "grain turns over the long-turn threshold (Orleans's warning)", allLog.LongTurns, "", Lower, "0 over 100 ms");
        results.Add("long_grain_turns_under_load", "of those, during warm-up and load", loadLog.LongTurns, "", Lower);
        results.Add("longest_grain_turn_ms", "longest grain turn logged", allLog.LongestTurnMs, "ms", Lower);
        results.Add("stalls", "thread pool or process stalls Orleans logged", allLog.Stalls, "", Lower);
        results.Add("queued_behind_long_requests", "requests Orleans logged as queued behind a long one", allLog.QueuedBehindLongRequests, "", Lower);
        results.Add("orleans_warnings", "Orleans warnings in the server log", allLog.OrleansWarnings, "", Lower);
        results.Add("server_warnings", "warnings in the server log (all)", allLog.Warnings, "", Lower);
        results.Add("server_errors", "errors in the server log", allLog.Errors, "", Lower);

        var resultsDirectory = options.Text("results-dir");
        var previous = resultsDirectory is null ? null : results.Previous(resultsDirectory);
        results.Print(previous);
        if (resultsDirectory is not null)
            Report($"results written to {results.Save(resultsDirectory, options.Text("commit") ?? "unknown", DateTimeOffset.UtcNow)}");
    }

    private static async Task<long> TotalCount(HttpClient http, string token)
    {
        using var answer = await HttpLoad.Post(http, token, BoardSize);
        return answer.RootElement.GetProperty("data").GetProperty("learnerLeaderboard").GetProperty("totalCount").GetInt64();
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

    private static Task<long> Scalar(GamifiedDatabase database, string sql) => database.RunAsync(async (connection, ct) =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    });

    private static string RedisMemory(ConnectionMultiplexer redis)
    {
        var info = redis.GetServer(redis.GetEndPoints()[0]).Info("memory").SelectMany(g => g).FirstOrDefault(p => p.Key == "used_memory_human");
        return info.Value ?? "n/a";
    }

    private static string Micros(double value) => double.IsFinite(value) ? $"{value:N0} µs" : "n/a";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Report(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
