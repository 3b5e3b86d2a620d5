using Gamified.Rewards;

namespace Gamified.Tests.Rewards;

public sealed class MinuteWindowTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void counts_the_times_after_one_minute_before_and_up_to_the_moment_asked()
    {
        var window = new MinuteWindow();
        foreach (var seconds in new[] { -60, -59, -1, 0, 1 }) window.Add(Noon.AddSeconds(seconds));

        Assert.Equal(3, window.CountBefore(Noon));                 // -59, -1 and 0; -60 is a whole minute before, 1 is after
        Assert.Equal(3, window.CountBefore(Noon.AddSeconds(1)));    // -59 has left the minute, 1 has come in
        Assert.Equal(2, window.CountBefore(Noon.AddSeconds(-30)));  // -60 and -59
        Assert.Equal(0, window.CountBefore(Noon.AddMinutes(2)));
    }

    [Fact]
    public void times_out_of_order_and_the_bound_on_what_is_kept_give_the_same_counts_as_a_plain_list()
    {
        var random = new Random(20261207);
        var window = new MinuteWindow(capacity: 50);
        var kept = new List<DateTimeOffset>();
        for (var i = 0; i < 2_000; i++)
        {
            // Mostly in order, a tenth from the past (imports), some at the same instant.
            var at = random.Next(10) == 0 ? Noon.AddSeconds(i - random.Next(300)) : Noon.AddSeconds(i / 3);
            window.Add(at);
            kept.Add(at);
            if (kept.Count > 50) kept.RemoveAt(0);   // the most recently added are kept
            var asked = Noon.AddSeconds(i / 3 + random.Next(-90, 30));
            Assert.Equal(kept.Count(t => t > asked.AddMinutes(-1) && t <= asked), window.CountBefore(asked));
        }
    }
}
