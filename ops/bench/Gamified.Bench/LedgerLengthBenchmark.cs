using System.Diagnostics;
using Gamified.Activity;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Learners;
using Gamified.Ledger;
using Gamified.Server.Hosting;
using Gamified.Storage.Database;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Records activity for a learner whose ledger already holds many entries and for a new learner, through the
/// real host (silo, grains, SQLite group commits), and compares the latencies.
///   dotnet run -c Release --project ops/bench/Gamified.Bench -- --scenario ledger [--entries 100000] [--calls 2000]
/// </summary>
internal static class LedgerLengthBenchmark
{
    public static async Task Run(Args options)
    {
        var entries = options.Int("entries", 100_000);
        var calls = options.Int("calls", 2_000);
        var directory = Path.Combine(Path.GetTempPath(), "gamified-bench-" + Guid.NewGuid().ToString("n"));
        var app = GamifiedHost.Build(["--environment=Development", "--Urls=http://127.0.0.1:0", $"--Storage:DataDirectory={directory}",
            "--Orleans:SiloPort=21111", "--Content:Directory=/nonexistent", "--Logging:LogLevel:Default=Warning"]);
        await GamifiedHost.StartAsync(app);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var database = app.Services.GetRequiredService<GamifiedDatabase>();

        await grains.Department("bench").Create(new CreateDepartment(new LocalizedText("基准部门", "Bench"), null));
        Console.WriteLine($"Seeding a ledger of {entries:N0} entries …");
        await Seed(database, "veteran", entries);
        await grains.Learner("veteran").Register(new RegisterLearner("老学员", "bench", PublicVisibility.Pseudonym));
        await grains.Learner("newcomer").Register(new RegisterLearner("新学员", "bench", PublicVisibility.Pseudonym));

        foreach (var learner in new[] { "newcomer", "veteran", "newcomer", "veteran" })
        {
            var latencies = new List<double>();
            for (var i = 0; i < calls; i++)
            {
                var timer = Stopwatch.StartNew();
                await grains.Learner(learner).RecordActivity(new ActivityStatement($"{learner}-{Guid.NewGuid():n}", "answered",
                    new ActivityObject($"q-{i}", "quiz"), null, null, null, Attestation.Manager));
                latencies.Add(timer.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            var snapshot = await grains.Learner(learner).Get();
            Console.WriteLine($"{learner,-9} ledger {snapshot!.LedgerLength,8:N0} entries: {calls:N0} sequential awards, " +
                              $"mean {latencies.Average():0.00} ms, p50 {latencies[calls / 2]:0.00} ms, p99 {latencies[(int)(calls * 0.99)]:0.00} ms");
        }
        await app.StopAsync();
    }

    /// <summary>Writes a valid hash chain and account head straight into the database (no grain involved).</summary>
    private static async Task Seed(GamifiedDatabase database, string learner, int count)
    {
        await database.RunAsync(async (connection, ct) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO ledger_entries (learner_id, seq, kind, amount, badge_id, reason, activity_id, challenge_id, rule_id,
                                            occurred_at, recorded_at, previous_hash, hash, scheme_id, scheme_version)
                VALUES (@l, @s, 'Xp', 1, NULL, 'seeded', NULL, NULL, 'seed', @t, @t, @p, @h, NULL, NULL)
                """;
            foreach (var name in new[] { "l", "s", "t", "p", "h" })
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                insert.Parameters.Add(parameter);
            }
            var previous = LedgerHash.Genesis;
            var at = DateTimeOffset.UtcNow.AddDays(-30);
            for (var seq = 1; seq <= count; seq++)
            {
                var entry = LedgerHash.Append(learner, seq, previous, LedgerEntryKind.Xp, 1, null, "seeded", null, null, "seed", at, at);
                insert.Parameters["l"].Value = learner;
                insert.Parameters["s"].Value = (long)seq;
                insert.Parameters["t"].Value = at.ToUnixTimeMilliseconds();
                insert.Parameters["p"].Value = previous;
                insert.Parameters["h"].Value = entry.Hash;
                await insert.ExecuteNonQueryAsync(ct);
                previous = entry.Hash;
            }
            var head = connection.CreateCommand();
            head.Transaction = transaction;
            head.CommandText = """
                INSERT INTO learner_accounts (learner_id, department_id, xp, entry_count, last_hash, registered_at, updated_at)
                VALUES (@l, 'bench', @n, @n, @h, @t, @t)
                """;
            foreach (var (name, value) in new (string, object)[] { ("l", learner), ("n", (long)count), ("h", previous), ("t", at.ToUnixTimeMilliseconds()) })
            {
                var parameter = head.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                head.Parameters.Add(parameter);
            }
            await head.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }
}
