using System.Globalization;

namespace Gamified.Leaderboards;

public enum BoardWindow
{
    AllTime,

    /// <summary>Today in the rewards calendar: from local midnight.</summary>
    Today,
    ThisWeek,
    ThisMonth,

    /// <summary>A reward-scheme campaign's window (which campaign is named separately).</summary>
    Campaign,
}

/// <summary>The boards an XP entry moves, named by window in the rewards calendar (days, ISO weeks, calendar months).</summary>
public static class BoardNames
{
    public static string Learners(string window) => $"learners:{window}";

    public static string DepartmentLearners(string departmentId, string window) => $"dept-learners:{departmentId}:{window}";

    public static string DepartmentTotals(string window) => $"dept-xp:{window}";

    /// <summary>Teams by the XP their members earned while in the team.</summary>
    public static string Teams(string window) => $"teams:{window}";

    /// <summary>
    /// How long a board of a calendar window is kept after its last change: a day's board is read only on that day and a
    /// week's or a month's only during it, but an entry of 23:59 may be projected after midnight, so each stays a little
    /// longer (a day's three days, a week's fifteen, a month's nine weeks). Null: kept for good (all-time and campaign
    /// boards). Without it the boards of past days would pile up for ever, a board per day per department.
    /// </summary>
    public static TimeSpan? Lifetime(string board)
    {
        var window = board[(board.LastIndexOf(':') + 1)..];
        if (window.StartsWith("day-", StringComparison.Ordinal)) return TimeSpan.FromDays(3);
        if (window.StartsWith("week-", StringComparison.Ordinal)) return TimeSpan.FromDays(15);
        if (window.StartsWith("month-", StringComparison.Ordinal)) return TimeSpan.FromDays(63);
        return null;
    }

    /// <summary>The window keys an entry that happened at <paramref name="at"/> counts in.</summary>
    public static IEnumerable<string> WindowsOf(DateTimeOffset at, TimeZoneInfo zone) =>
        [Key(BoardWindow.AllTime, at, zone), Key(BoardWindow.Today, at, zone), Key(BoardWindow.ThisWeek, at, zone), Key(BoardWindow.ThisMonth, at, zone)];

    /// <summary>When the window containing <paramref name="at"/> began (the calendar of <paramref name="zone"/>).</summary>
    public static DateTimeOffset Start(BoardWindow window, DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime.Date;
        var start = window switch
        {
            BoardWindow.Today => local,
            BoardWindow.ThisWeek => local.AddDays(-((int)local.DayOfWeek + 6) % 7),
            BoardWindow.ThisMonth => new DateTime(local.Year, local.Month, 1),
            BoardWindow.Campaign => throw new ArgumentException("A campaign's window comes from the campaign.", nameof(window)),
            _ => DateTime.MinValue.AddYears(2000),
        };
        return new DateTimeOffset(start, zone.GetUtcOffset(start));
    }

    /// <summary>The date in the rewards calendar, which names the start-of-day copies that rank changes are measured from.</summary>
    public static string Day(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Key(BoardWindow window, DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        return window switch
        {
            BoardWindow.Today => string.Create(CultureInfo.InvariantCulture, $"day-{local:yyyy-MM-dd}"),
            BoardWindow.ThisWeek => string.Create(CultureInfo.InvariantCulture, $"week-{ISOWeek.GetYear(local)}-{ISOWeek.GetWeekOfYear(local):D2}"),
            BoardWindow.ThisMonth => string.Create(CultureInfo.InvariantCulture, $"month-{local:yyyy-MM}"),
            BoardWindow.Campaign => throw new ArgumentException("A campaign's window comes from the campaign.", nameof(window)),
            _ => "all",
        };
    }
}
