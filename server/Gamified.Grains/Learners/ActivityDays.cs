using Gamified.Ledger;
using Gamified.Rewards;

namespace Gamified.Learners;

/// <summary>
/// A learner's days with witnessed activity (rewards calendar), for streak badges: read from the ledger store once per
/// activation, further back than needed so imported past activity is covered, then kept current as statements commit.
/// A learner's own unwitnessed claims do not make a day active.
/// </summary>
internal sealed class ActivityDays(string learnerId, ILedgerStore ledger, RewardSettings settings, TimeProvider clock)
{
    private HashSet<DateOnly>? _days;
    private DateTimeOffset _since;

    /// <summary>Consecutive active days up to the day of <paramref name="at"/>, counting that day as active.</summary>
    public async Task<int> StreakEndingAt(DateTimeOffset at)
    {
        var today = DayOf(at);
        var since = ActivityStreak.Since(at);
        if (_days is null || since < _since)
        {
            _since = since < ActivityStreak.Since(clock.GetUtcNow()) ? since : ActivityStreak.Since(clock.GetUtcNow());
            _days = ActivityStreak.Days(await ledger.ActivityTimes(learnerId, _since), settings.Zone);
        }
        return _days.Contains(today) ? ActivityStreak.Ending(_days, today) : 1 + ActivityStreak.Ending(_days, today.AddDays(-1));
    }

    public void Add(DateTimeOffset at) => _days?.Add(DayOf(at));

    private DateOnly DayOf(DateTimeOffset at) => ActivityStreak.DayOf(at, settings.Zone);
}
