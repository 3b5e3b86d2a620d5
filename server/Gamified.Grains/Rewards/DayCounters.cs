using Gamified.Ledger;

namespace Gamified.Rewards;

/// <summary>
/// What one learner was awarded on one day of the rewards calendar, for the daily caps: in total, and per scheme rule.
/// Scheme awards and challenge points use up the caps; corrections (no scheme, no challenge) do not.
/// </summary>
public sealed class DayCounters
{
    private readonly Dictionary<string, int> _byRule = new(StringComparer.Ordinal);

    public DateTimeOffset Day { get; private set; } = DateTimeOffset.MinValue;

    public int Xp { get; private set; }

    public IReadOnlyDictionary<string, int> ByRule => _byRule;

    /// <summary>Starts counting <paramref name="day"/> afresh from its entries in the ledger.</summary>
    public void Reset(DateTimeOffset day, IEnumerable<LedgerEntry> entriesOfDay)
    {
        Day = day;
        Xp = 0;
        _byRule.Clear();
        foreach (var entry in entriesOfDay) Count(entry);
    }

    /// <summary>Counts an entry if it is an award of the day being counted.</summary>
    public void Count(LedgerEntry entry)
    {
        if (entry.Kind != LedgerEntryKind.Xp || entry.Amount <= 0 || (entry.SchemeId is null && entry.ChallengeId is null)) return;
        if (entry.OccurredAt < Day || entry.OccurredAt >= Day.AddDays(1)) return;
        Xp += entry.Amount;
        if (entry is { SchemeId: { } scheme, RuleId: { } rule })
        {
            var key = AwardContext.RuleKey(scheme, rule);
            _byRule[key] = _byRule.GetValueOrDefault(key) + entry.Amount;
        }
    }
}
