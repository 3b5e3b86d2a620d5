using Gamified.Leaderboards;
using Gamified.Storage.Leaderboards;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Leaderboards;

/// <summary>The same board behaviour from the in-process store (embedded default) and from a real Redis.</summary>
public abstract class LeaderboardStoreTests
{
    protected abstract ILeaderboardStore Store { get; }

    private static readonly DateTimeOffset Nine = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

    private static string NewBoard() => "test:" + Guid.NewGuid().ToString("n");

    [Fact]
    public async Task higher_scores_rank_first_and_adds_accumulate()
    {
        var board = NewBoard();
        await Store.Add(board, "li", 30, Nine);
        await Store.Add(board, "wang", 50, Nine);
        await Store.Add(board, "li", 40, Nine.AddMinutes(1));

        var top = await Store.Range(board, 0, 10);

        Assert.Equal([("li", 70L, 1L), ("wang", 50L, 2L)], top.Select(p => (p.Member, p.Score, p.Rank)));
        Assert.Equal(2, await Store.Count(board));
    }

    [Fact]
    public async Task of_equal_scores_whoever_reached_it_first_ranks_higher()
    {
        var board = NewBoard();
        await Store.Add(board, "late", 100, Nine.AddMinutes(10));
        await Store.Add(board, "early", 100, Nine);
        await Store.Add(board, "caught-up", 60, Nine);
        await Store.Add(board, "caught-up", 40, Nine.AddMinutes(20));   // reaches 100 last

        var order = (await Store.Range(board, 0, 10)).Select(p => p.Member);

        Assert.Equal(["early", "late", "caught-up"], order);
        Assert.Equal(3, (await Store.Find(board, "caught-up"))!.Rank);
    }

    [Fact]
    public async Task pages_join_into_the_whole_order_without_gaps_or_repeats()
    {
        var board = NewBoard();
        var random = new Random(3);
        for (var i = 0; i < 57; i++) await Store.Add(board, $"m{i:D2}", random.Next(0, 20), Nine.AddMinutes(random.Next(0, 5)));

        var whole = await Store.Range(board, 0, 100);
        var paged = new List<BoardPlace>();
        for (var offset = 0; offset < 57; offset += 10) paged.AddRange(await Store.Range(board, offset, 10));

        Assert.Equal(whole.Select(p => p.Member), paged.Select(p => p.Member));
        Assert.Equal(Enumerable.Range(1, 57).Select(r => (long)r), paged.Select(p => p.Rank));
        Assert.Equal(57, paged.Select(p => p.Member).Distinct().Count());
        Assert.True(paged.Zip(paged.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
        foreach (var place in paged.Take(5)) Assert.Equal(place, await Store.Find(board, place.Member));
    }

    [Fact]
    public async Task of_equal_scores_reached_in_the_same_minute_the_higher_member_id_ranks_first()
    {
        var board = NewBoard();
        foreach (var member in new[] { "a", "B", "ab", "b" }) await Store.Set(board, member, 10, Nine);

        Assert.Equal(["b", "ab", "a", "B"], (await Store.Range(board, 0, 10)).Select(p => p.Member));
        Assert.Equal(4, (await Store.Find(board, "B"))!.Rank);
    }

    [Fact]
    public async Task pages_at_the_edges_of_a_board()
    {
        var board = NewBoard();
        Assert.Empty(await Store.Range(board, 0, 10));   // a board never written
        Assert.Null(await Store.Find(board, "m1"));
        Assert.Equal([null], await Store.RanksAtDayStart(board, "2026-11-27", ["m1"]));

        for (var i = 1; i <= 5; i++) await Store.Set(board, $"m{i}", i * 10, Nine);

        Assert.Equal([("m5", 1L)], (await Store.Range(board, 0, 1)).Select(p => (p.Member, p.Rank)));
        Assert.Equal([("m2", 4L), ("m1", 5L)], (await Store.Range(board, 3, 10)).Select(p => (p.Member, p.Rank)));
        Assert.Empty(await Store.Range(board, 5, 10));                     // just past the last
        Assert.Empty(await Store.Range(board, int.MaxValue, 10));
        Assert.Empty(await Store.Range(board, (long)int.MaxValue * 4, 10));  // beyond int's range
        Assert.Empty(await Store.Range(board, 0, 0));
        Assert.Equal(1, (await Store.Find(board, "m5"))!.Rank);
        Assert.Equal(5, (await Store.Find(board, "m1"))!.Rank);
        Assert.Equal([5L, 1L, null], await Store.RanksAtDayStart(board, "2026-11-27", ["m1", "m5", "m6"]));
    }

    [Fact]
    public async Task random_adds_and_sets_rank_as_a_list_sorted_by_the_documented_order()
    {
        var board = NewBoard();
        var random = new Random(11);
        var expected = new Dictionary<string, (long Score, double Composite)>();
        for (var step = 0; step < 300; step++)
        {
            // Few members, few scores and three minutes: many equal composites, settled by the member id.
            var member = $"m{random.Next(30)}";
            var at = Nine.AddMinutes(random.Next(3));
            var (change, outright) = (random.Next(-3, 8), random.Next(3) == 0);
            var score = (outright ? 0 : expected.GetValueOrDefault(member).Score) + change;
            if (outright) await Store.Set(board, member, score, at);
            else await Store.Add(board, member, change, at);
            expected[member] = (score, BoardScore.Compose(score, at));
        }

        var places = expected.OrderByDescending(x => x.Value.Composite).ThenByDescending(x => x.Key, StringComparer.Ordinal)
            .Select((x, i) => new BoardPlace(x.Key, x.Value.Score, i + 1)).ToList();
        Assert.Equal(places, await Store.Range(board, 0, 100));
        for (var offset = 0; offset <= places.Count; offset += 7) Assert.Equal(places.Skip(offset).Take(7), await Store.Range(board, offset, 7));
        foreach (var place in places) Assert.Equal(place, await Store.Find(board, place.Member));
    }

    [Fact]
    public async Task negative_corrections_set_for_rebuilds_and_clearing_work()
    {
        var board = NewBoard();
        await Store.Add(board, "a", 50, Nine);
        await Store.Add(board, "a", -80, Nine.AddMinutes(1));
        await Store.Set(board, "b", 20, Nine);

        Assert.Equal(-30, (await Store.Find(board, "a"))!.Score);
        Assert.Equal(("b", 1L), ((await Store.Range(board, 0, 1))[0].Member, (await Store.Range(board, 0, 1))[0].Rank));
        Assert.Null(await Store.Find(board, "nobody"));

        await Store.Clear(board);
        Assert.Equal(0, await Store.Count(board));
        Assert.Empty(await Store.Range(board, 0, 10));
    }

    [Fact]
    public async Task a_batch_applies_once_and_only_against_the_cursor_it_was_read_with()
    {
        var board = NewBoard();
        var adds = new[] { new BoardAdd(board, "li", 10, Nine) };

        Assert.True(await Store.Apply("0", "5", adds, "2026-11-27"));
        Assert.False(await Store.Apply("0", "9", adds, "2026-11-27"));   // a second projector with the old cursor

        Assert.Equal("5", await Store.Cursor());
        Assert.Equal(10, (await Store.Find(board, "li"))!.Score);
        await Store.ClearAll("2026-11-27");
        Assert.Equal("0", await Store.Cursor());
        Assert.Equal(0, await Store.Count(board));
    }

    [Fact]
    public async Task ranks_at_the_start_of_a_day_are_the_board_before_its_first_change_that_day()
    {
        var board = NewBoard();
        Assert.True(await Store.Apply("0", "1", [new BoardAdd(board, "li", 30, Nine), new BoardAdd(board, "wang", 20, Nine)], "2026-11-26"));
        Assert.True(await Store.Apply("1", "2", [new BoardAdd(board, "wang", 15, Nine.AddHours(1))], "2026-11-27"));
        Assert.True(await Store.Apply("2", "3", [new BoardAdd(board, "zhao", 50, Nine.AddHours(2)), new BoardAdd(board, "li", 1, Nine.AddHours(2))], "2026-11-27"));

        // Now zhao 50, li 31, wang 35 → zhao 1, wang 2, li 3; this morning li was 1st and wang 2nd, zhao absent.
        Assert.Equal([1L, 2L, null], await Store.RanksAtDayStart(board, "2026-11-27", ["li", "wang", "zhao"]));
        Assert.Equal([1L, 2L, 3L], (await Store.Range(board, 0, 3)).Select(p => p.Rank));
        // A day on which the board has not changed (yet) starts where the board stands now.
        Assert.Equal([3L, 2L, 1L], await Store.RanksAtDayStart(board, "2026-11-28", ["li", "wang", "zhao"]));

        await Store.ClearAll("2026-11-27");   // a rebuild keeps this morning's standings
        Assert.Equal([1L, 2L, null], await Store.RanksAtDayStart(board, "2026-11-27", ["li", "wang", "zhao"]));
    }

    [Fact]
    public async Task boards_are_cleared_for_want_of_a_cursor_only_when_there_is_none()
    {
        var board = NewBoard();
        Assert.True(await Store.Apply("0", "5", [new BoardAdd(board, "li", 10, Nine)], "2026-11-27"));
        Assert.False(await Store.ClearIfUnprojected("2026-11-27"));   // a batch was applied: nothing is undone
        Assert.Equal(10, (await Store.Find(board, "li"))!.Score);

        await Store.ClearAll("2026-11-27");
        await Store.Add(board, "stray", 3, Nine);                     // a board written without a cursor
        Assert.True(await Store.ClearIfUnprojected("2026-11-27"));
        Assert.Equal(0, await Store.Count(board));
    }

    [Fact]
    public async Task a_rebuild_on_a_day_a_board_had_not_changed_keeps_the_morning_ranks()
    {
        var board = NewBoard();
        Assert.True(await Store.Apply("0", "1", [new BoardAdd(board, "li", 30, Nine), new BoardAdd(board, "wang", 20, Nine)], "2026-11-26"));

        await Store.ClearAll("2026-11-27");   // the rebuild starts before the board's first change of the day
        Assert.True(await Store.Apply("0", "1", [new BoardAdd(board, "li", 30, Nine), new BoardAdd(board, "wang", 35, Nine.AddDays(1))], "2026-11-27"));

        Assert.Equal([("wang", 1L), ("li", 2L)], (await Store.Range(board, 0, 2)).Select(p => (p.Member, p.Rank)));
        Assert.Equal([1L, 2L], await Store.RanksAtDayStart(board, "2026-11-27", ["li", "wang"]));
    }

    [Fact]
    public async Task concurrent_adds_to_one_member_lose_nothing()
    {
        var board = NewBoard();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Store.Add(board, "busy", 1, Nine.AddMinutes(i % 7))));
        Assert.Equal(200, (await Store.Find(board, "busy"))!.Score);
    }
}

[Trait("Category", "Unit")]
public sealed class InProcessLeaderboardStoreTests : LeaderboardStoreTests
{
    protected override ILeaderboardStore Store { get; } = new InProcessLeaderboardStore();

    [Fact]
    public async Task a_past_days_board_is_let_go_three_days_after_its_last_change_and_the_all_time_board_is_kept()
    {
        var (day, all) = ("learners:day-2026-11-26", "learners:all");
        Assert.True(await Store.Apply("0", "1", [new BoardAdd(day, "li", 10, DateTimeOffset.Parse("2026-11-26T09:00Z")), new BoardAdd(all, "li", 10, DateTimeOffset.Parse("2026-11-26T09:00Z"))], "2026-11-26"));

        Assert.True(await Store.Apply("1", "2", [new BoardAdd(all, "wang", 5, DateTimeOffset.Parse("2026-11-28T09:00Z"))], "2026-11-28"));
        Assert.Equal(1, await Store.Count(day));
        Assert.True(await Store.Apply("2", "3", [new BoardAdd(all, "wang", 5, DateTimeOffset.Parse("2026-11-29T09:00Z"))], "2026-11-29"));

        Assert.Equal(0, await Store.Count(day));
        Assert.Equal(2, await Store.Count(all));
    }
}

public sealed class RedisLeaderboardStoreTests : LeaderboardStoreTests
{
    private readonly string _prefix = $"gamified-test-{Guid.NewGuid():n}:board:";

    public RedisLeaderboardStoreTests() => Store = new RedisLeaderboardStore(TestRedis.Connection, _prefix);

    protected override ILeaderboardStore Store { get; }

    [Fact]
    public async Task a_calendar_windows_board_expires_after_its_lifetime_and_the_all_time_board_never()
    {
        var at = DateTimeOffset.Parse("2026-11-26T09:00Z");
        Assert.True(await Store.Apply("0", "1", [new BoardAdd("learners:day-2026-11-26", "li", 10, at), new BoardAdd("learners:week-2026-48", "li", 10, at),
            new BoardAdd("learners:all", "li", 10, at)], "2026-11-26"));

        var redis = TestRedis.Connection.GetDatabase();
        var day = await redis.KeyTimeToLiveAsync(_prefix + "learners:day-2026-11-26");
        var week = await redis.KeyTimeToLiveAsync(_prefix + "learners:week-2026-48");
        Assert.InRange(day!.Value, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(3));
        Assert.InRange(week!.Value, TimeSpan.FromDays(15) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(15));
        Assert.Null(await redis.KeyTimeToLiveAsync(_prefix + "learners:all"));
    }
}
