using System.Diagnostics;
using Gamified.Leaderboards;
using Gamified.Storage.Leaderboards;

/// <summary>
/// The in-process boards (the embedded default, no Redis) at a large size, without HTTP or GraphQL: fills one board
/// with synthetic members (the long-tailed spread of <c>run-http.sh</c>'s padding), reports what it costs in memory,
/// then times the store calls behind <c>myRank</c> and a top-10 page, one client alone and many at once, and the
/// start-of-day copy a board gets before its first change of a day (taken under the store's lock).
///   dotnet run -c Release --project ops/bench/Gamified.Bench -- --scenario board [--members 1000000] [--seconds 10] [--concurrency 64]
/// </summary>
internal static class BoardBenchmark
{
    private const string Board = "learners:all";

    public static async Task Run(Args options)
    {
        var members = options.Int("members", 1_000_000);
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 10));
        var concurrency = options.Int("concurrency", 64);

        // The ids exist before the first measure of the heap, so the memory figure is the board's own.
        var ids = Enumerable.Range(0, members).Select(i => $"synthetic-{i:D7}").ToArray();
        var random = new Random(1);
        var reached = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var store = new InProcessLeaderboardStore();
        var timer = Stopwatch.StartNew();
        foreach (var id in ids) await store.Set(Board, id, (long)(5000 * Math.Pow(random.NextDouble(), 3)), reached.AddMinutes(random.Next(129_600)));
        var filled = timer.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"filled {members:N0} members in {filled.TotalSeconds:0.0} s; the board holds {(heapAfter - heapBefore) / 1048576.0:N1} MiB " +
                          $"({(double)(heapAfter - heapBefore) / members:N1} bytes a member, the member ids not counted)");

        // The start-of-day copy: the day's first change copies the whole board before it changes (under the lock). Three
        // days in a row, so the first (which also compiles the code on its way) is not the only figure.
        const string day = "2026-12-07";
        var cursor = 0;
        foreach (var copyDay in new[] { "2026-12-05", "2026-12-06", day })
        {
            // On a shared machine the wall time is mostly the wait for a core; the process's CPU time is the steadier figure.
            var (paused, cpu) = (GC.GetTotalPauseDuration(), Environment.CpuUsage.TotalTime);
            timer.Restart();
            await store.Apply((cursor++).ToString(), cursor.ToString(), [new BoardAdd(Board, ids[cursor], 1, reached.AddDays(90))], copyDay);
            Console.WriteLine($"start-of-day copy of {members:N0} members on {copyDay} (with the one add that caused it): {timer.Elapsed.TotalMilliseconds:N1} ms, " +
                              $"process CPU {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:N0} ms, GC pauses {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:N1} ms");
        }

        // myRank: the member's place, two above and two below, and where those five stood this morning (read from the copy).
        async Task MyRank(Random r)
        {
            var place = (await store.Find(Board, ids[r.Next(members)]))!;
            var above = await store.Range(Board, Math.Max(0, place.Rank - 3), (int)Math.Min(2, place.Rank - 1));
            var below = await store.Range(Board, place.Rank, 2);
            await store.RanksAtDayStart(Board, day, [.. above.Select(p => p.Member), place.Member, .. below.Select(p => p.Member)]);
        }

        // learnerLeaderboard(first: 10): the page, the total, and where the ten stood this morning.
        async Task TopTen(Random r)
        {
            var top = await store.Range(Board, 0, 10);
            await store.Count(Board);
            await store.RanksAtDayStart(Board, day, top.Select(p => p.Member).ToList());
        }

        // A learner's move: a batch of one add, as the projection applies it (the same day: no more copies).
        Task Move(Random r) =>
            store.Apply((cursor++).ToString(), cursor.ToString(), [new BoardAdd(Board, ids[r.Next(members)], 10, reached.AddDays(91))], day);

        foreach (var clients in new[] { 1, concurrency })
        {
            await Loop(clients, duration, MyRank, "myRank (Find, 2 × Range, RanksAtDayStart of 5)");
            await Loop(clients, duration, TopTen, "top 10 (Range, Count, RanksAtDayStart of 10)");
        }
        await Loop(1, duration, Move, "a move (Apply of one add)");
        GC.KeepAlive(store);
    }

    /// <summary>Runs the operation from that many clients at once; with more than one they take turns on the thread pool.</summary>
    private static async Task Loop(int clients, TimeSpan duration, Func<Random, Task> operation, string label)
    {
        var (perSecond, total) = await ClosedLoop.Run(clients, duration, operation, yieldFirst: clients > 1);
        Console.WriteLine($"{label}, {clients} at once: {total.Count:N0} ops, {perSecond:N0}/s, " +
                          $"p50 {total.PercentileMillis(50):0.000} ms, p99 {total.PercentileMillis(99):0.000} ms, max {total.MaxMicros / 1000.0:0.0} ms");
    }
}
