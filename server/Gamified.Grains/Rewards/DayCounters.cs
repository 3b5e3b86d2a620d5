using Gamified.Activity;
using Gamified.Ledger;

namespace Gamified.Rewards;

/// <summary>
/// What one learner was awarded on one day of the rewards calendar, for the daily caps: in total, and per scheme rule.
/// Scheme awards and challenge points use up the caps; corrections (no scheme, no challenge) do not.
/// </summary>
public sealed class DayCounters
{
    private readonly Dictionary<string, int> _byRule = new(StringComparer.Ordinal);
    private readonly Dictionary<Attestation, int> _byAttestation = [];

    public DateTimeOffset Day { get; private set; } = DateTimeOffset.MinValue;

    public int Xp { get; private set; }

    public IReadOnlyDictionary<string, int> ByRule => _byRule;

    /// <summary>Scheme XP by who vouched for the statements it came from: the per-witness daily caps read this.</summary>
    public IReadOnlyDictionary<Attestation, int> ByAttestation => _byAttestation;

    /// <summary>Starts counting <paramref name="day"/> afresh from its entries in the ledger.</summary>
    public void Reset(DateTimeOffset day, IEnumerable<DayEntry> entriesOfDay)
    {
        Day = day;
        Xp = 0;
        _byRule.Clear();
        _byAttestation.Clear();
        foreach (var (entry, attestation) in entriesOfDay) Count(entry, attestation);
    }

    /// <summary>Counts an entry if it is an award of the day being counted, under the attestation of its statement (if any).</summary>
    public void Count(LedgerEntry entry, Attestation? attestation)
    {
        if (entry.Kind != LedgerEntryKind.Xp || entry.Amount <= 0 || (entry.SchemeId is null && entry.ChallengeId is null)) return;
        if (entry.OccurredAt < Day || entry.OccurredAt >= Day.AddDays(1)) return;
        Xp += entry.Amount;
        if (entry is { SchemeId: { } scheme, RuleId: { } rule })
        {
            var key = AwardContext.RuleKey(scheme, rule);
            _byRule[key] = _byRule.GetValueOrDefault(key) + entry.Amount;
            if (attestation is { } witness) _byAttestation[witness] = _byAttestation.GetValueOrDefault(witness) + entry.Amount;
        }
    }
}
