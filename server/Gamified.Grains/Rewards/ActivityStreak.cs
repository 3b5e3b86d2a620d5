namespace Gamified.Rewards;

/// <summary>A learner's run of consecutive active days in the rewards calendar.</summary>
[GenerateSerializer, Immutable, Alias("gamified.StreakSummary")]
public sealed record StreakSummary(
    [property: Id(0)] int Current,
    [property: Id(1)] int Longest,
    [property: Id(2)] DateOnly? LastActiveDay);

/// <summary>
/// Streaks of active days, counted in the rewards calendar (<see cref="RewardSettings.Zone"/>): what streak badges
/// award on and what the learner's page shows. A day counts when the learner recorded any activity on it.
/// </summary>
public static class ActivityStreak
{
    /// <summary>How far back activity is read: a streak longer than this is counted as this long.</summary>
    public const int LookBackDays = 400;

    public static DateTimeOffset Since(DateTimeOffset at) => at.AddDays(-LookBackDays);

    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    public static HashSet<DateOnly> Days(IEnumerable<DateTimeOffset> activityTimes, TimeZoneInfo zone) =>
        activityTimes.Select(t => DayOf(t, zone)).ToHashSet();

    /// <summary>Consecutive active days up to <paramref name="day"/>, that day included (0 when it was not active).</summary>
    public static int Ending(IReadOnlySet<DateOnly> days, DateOnly day)
    {
        var streak = 0;
        while (days.Contains(day.AddDays(-streak))) streak++;
        return streak;
    }

    /// <summary>
    /// The current streak runs up to today, or up to yesterday while today is not over (it is still alive);
    /// the longest is the longest run among the days given.
    /// </summary>
    public static StreakSummary Summarise(IReadOnlySet<DateOnly> days, DateOnly today)
    {
        var past = days.Where(d => d <= today).ToList();
        if (past.Count == 0) return new StreakSummary(0, 0, null);
        var last = past.Max();
        var current = last >= today.AddDays(-1) ? Ending(days, last) : 0;
        var longest = past.Where(d => !days.Contains(d.AddDays(-1))).Max(start =>
        {
            var length = 0;
            while (days.Contains(start.AddDays(length))) length++;
            return length;
        });
        return new StreakSummary(current, longest, last);
    }
}
