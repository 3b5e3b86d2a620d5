using System.Diagnostics;
using System.Text.Json;
using Gamified.Activity;
using Gamified.Common;
using Gamified.Content;
using Gamified.Rewards;
using Gamified.Storage.Activity;
using Gamified.Storage.Content;
using Gamified.Storage.Database;
using Gamified.Storage.Schema;
using Microsoft.Extensions.Logging.Abstractions;

// Benchmarks (see docs/PERFORMANCE.md):
//   default: the dry run of a reward scheme over a month of recorded activity;
//   --scenario ledger: recording activity for a learner with a long ledger against a new learner;
//   --scenario staff: the staff import of 10,000 rows over HTTP (dry run, apply, apply again, a second file);
//   --scenario http: recordActivity and the boards over HTTP on PostgreSQL + Redis (run it with ops/bench/run-http.sh);
//   --scenario board: the in-process boards (no Redis) at a million members: memory, myRank, top 10, moves, the day's copy.
//
// Dry-run benchmark: seeds a month of recorded activity for many learners straight into the database,
// then times dryRunRewardScheme's work (read the window, replay it twice through the reward engine).
//   dotnet run -c Release --project ops/bench/Gamified.Bench -- [--learners 10000] [--days 30] [--per-day 2]
//        [--postgres "Host=…;Database=…"]   (default: a fresh SQLite file)
var options = Args.Parse(args);
if (options.Text("scenario") == "ledger")
{
    await LedgerLengthBenchmark.Run(options);
    return;
}
if (options.Text("scenario") == "staff")
{
    await StaffImportBenchmark.Run(options);
    return;
}
if (options.Text("scenario") == "http")
{
    await HttpBenchmark.Run(options);
    return;
}
if (options.Text("scenario") == "board")
{
    await BoardBenchmark.Run(options);
    return;
}
var learners = options.Int("learners", 10_000);
var days = options.Int("days", 30);
var perDay = options.Int("per-day", 2);

var database = options.Text("postgres") is { } postgres
    ? new GamifiedDatabase(StorageProvider.Postgres, postgres)
    : GamifiedDatabase.FromOptions(new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "gamified-bench-" + Guid.NewGuid().ToString("n")) });
await new SchemaInstaller(database, NullLogger<SchemaInstaller>.Instance).ApplyAsync();

var end = DateTimeOffset.UtcNow;
var start = end.AddDays(-days);
Console.WriteLine($"Seeding {learners:N0} learners × {days} days × {perDay} statements on {database.Provider} …");
var seeding = Stopwatch.StartNew();
var statements = await Seed(database, learners, days, perDay, start);
Console.WriteLine($"Seeded {statements:N0} statements in {seeding.Elapsed.TotalSeconds:0.0} s");

var settings = new RewardSettings();
var dryRun = new DryRun(new ActivityHistory(database),
    new PackageCatalog(new PackageStore(database), TimeProvider.System, NullLogger<PackageCatalog>.Instance), settings);
var active = new SchemeVersion(DefaultScheme.Id, 1, DefaultScheme.Definition, SchemeStatus.Active, start.AddDays(-1), null, start, "bench");
var candidate = new SchemeVersion(DefaultScheme.Id, 2, DefaultScheme.Definition with
{
    Rules = [.. DefaultScheme.Definition.Rules, new PointRule("weekend", "completed", null, null, null, null, null, null, null, [6, 7], 0, 2, null)],
    Campaigns = [new Campaign("sprint", new LocalizedText("冲刺", "Sprint"), start.AddDays(7), start.AddDays(14), [], 1.5)],
}, SchemeStatus.Draft, null, null, end, "bench");

var read = Stopwatch.StartNew();
var window = await new ActivityHistory(database).Between(start, end.AddSeconds(1), CancellationToken.None);
Console.WriteLine($"reading the window alone: {read.Elapsed.TotalSeconds:0.00} s ({window.Count:N0} rows)");

var times = new List<double>();
for (var run = 1; run <= 3; run++)
{
    var timer = Stopwatch.StartNew();
    var result = await dryRun.Project(candidate, [active], start, end.AddSeconds(1), CancellationToken.None);
    times.Add(timer.Elapsed.TotalSeconds);
    Console.WriteLine($"run {run}: {timer.Elapsed.TotalSeconds:0.00} s — {result.Statements:N0} statements, {result.Learners:N0} learners, " +
                      $"{result.Departments.Count} departments, projected {result.Departments.Sum(d => d.ProjectedXp):N0} XP vs {result.Departments.Sum(d => d.CurrentXp):N0}");
}
Console.WriteLine($"dry run over {statements:N0} statements: best {times.Min():0.00} s, median {times.Order().ElementAt(1):0.00} s");

static async Task<long> Seed(GamifiedDatabase database, int learners, int days, int perDay, DateTimeOffset start)
{
    var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
    var verbs = new[] { ("completed", "lesson"), ("passed", "quiz"), ("answered", "quiz"), ("attended", "session"), ("failed", "quiz") };
    var random = new Random(42);
    long count = 0;
    await database.RunAsync(async (connection, ct) =>
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var account = connection.CreateCommand();
        account.Transaction = transaction;
        account.CommandText = """
            INSERT INTO learner_accounts (learner_id, department_id, xp, entry_count, last_hash, registered_at, updated_at)
            VALUES (@l, @d, 0, 0, @h, @t, @t)
            """;
        var activity = connection.CreateCommand();
        activity.Transaction = transaction;
        activity.CommandText = """
            INSERT INTO activities (activity_id, learner_id, idempotency_key, payload_hash, verb, object_kind, object_id, statement,
                                    xp_awarded, xp_total, occurred_at, recorded_at)
            VALUES (@id, @l, @k, @h, @v, @kind, @o, @s, 0, 0, @t, @t)
            """;
        foreach (var name in new[] { "l", "d", "h", "t" }) Add(account, name);
        foreach (var name in new[] { "id", "l", "k", "h", "v", "kind", "o", "s", "t" }) Add(activity, name);

        for (var learner = 0; learner < learners; learner++)
        {
            var id = $"bench-{learner:D6}";
            Set(account, ("l", id), ("d", $"dept-{learner % 40:D2}"), ("h", new string('0', 64)), ("t", start.ToUnixTimeMilliseconds()));
            await account.ExecuteNonQueryAsync(ct);
            for (var day = 0; day < days; day++)
                for (var n = 0; n < perDay; n++)
                {
                    var (verb, kind) = verbs[random.Next(verbs.Length)];
                    var at = start.AddDays(day).AddMinutes(random.Next(8 * 60, 18 * 60));
                    var statement = new ActivityStatement($"k-{day}-{n}", verb, new ActivityObject($"{kind}-{random.Next(200)}", kind),
                        new ActivityResult(random.Next(40, 101), verb != "failed", true, random.Next(60, 1800)), null, at, Attestation.Manager, Imported: true);
                    Set(activity, ("id", Guid.NewGuid().ToString("n")), ("l", id), ("k", $"k-{day}-{n}"), ("h", new string('0', 64)), ("v", verb),
                        ("kind", kind), ("o", statement.Object.Id), ("s", JsonSerializer.Serialize(statement, json)), ("t", at.ToUnixTimeMilliseconds()));
                    await activity.ExecuteNonQueryAsync(ct);
                    count++;
                }
        }
        await transaction.CommitAsync(ct);
        return true;
    });
    return count;

    static void Add(System.Data.Common.DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
    }

    static void Set(System.Data.Common.DbCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values) command.Parameters[name].Value = value;
    }
}

internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Args(values);
    }

    public int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text) : fallback;

    public string? Text(string name) => values.GetValueOrDefault(name);
}
