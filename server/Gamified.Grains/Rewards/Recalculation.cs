using Gamified.Activity;
using System.Globalization;
using Gamified.Common;
using Gamified.Learners;

namespace Gamified.Rewards;

public sealed record Adjustment(string LearnerId, long Before, long After)
{
    public long Change => After - Before;
}

public sealed record RecalculationResult(DateTimeOffset From, DateTimeOffset To, int LearnersChecked, IReadOnlyList<Adjustment> Adjustments);

/// <summary>
/// Brings past awards in line with the schemes in force now, without rewriting anything: for each learner,
/// what the window's statements earned (with earlier corrections of the same window) is compared with what
/// the current schemes award for them, and the difference is appended as one compensating entry. The
/// ledger keeps the original awards and the correction side by side. Repeating a recalculation of the same
/// window changes nothing; windows that overlap an earlier recalculation are refused.
/// </summary>
public sealed class Recalculation(IActivityHistory history, DryRun dryRun, IGrainFactory grains, TimeProvider clock)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<RecalculationResult> Run(DateTimeOffset from, DateTimeOffset to, string actor)
    {
        // Two recalculations of one window at once would both compensate the same difference.
        await _one.WaitAsync();
        try
        {
            return await RunAlone(from, to, actor);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<RecalculationResult> RunAlone(DateTimeOffset from, DateTimeOffset to, string actor)
    {
        from = DateTimeOffset.FromUnixTimeMilliseconds(from.ToUnixTimeMilliseconds());
        to = DateTimeOffset.FromUnixTimeMilliseconds(to.ToUnixTimeMilliseconds());
        var rule = RuleFor(from, to);
        foreach (var earlier in await history.CorrectionRules())
            if (earlier != rule && Overlaps(earlier, from, to))
                throw DomainException.Conflict($"This window overlaps an earlier recalculation ({earlier}); recalculate that window instead.");

        var now = clock.GetUtcNow();
        // For each scheme, the version in force now, treated as if it had always been.
        var current = RewardEngine.NewestOfEach((await grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key).InForce())
                .Where(v => v.AppliesAt(now)))
            .Select(v => v with { EffectiveFrom = DateTimeOffset.MinValue, ArchivedAt = null })
            .ToList();
        var statements = await history.Between(from, to);
        var should = dryRun.Replay(statements, current, await dryRun.EarlierAttempts(current, from));
        var did = await history.AwardedBetween(from, to, rule);

        var adjustments = new List<Adjustment>();
        foreach (var learner in statements.Select(s => s.LearnerId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var adjustment = new Adjustment(learner, did.GetValueOrDefault(learner), should.GetValueOrDefault(learner));
            if (adjustment.Change == 0) continue;
            await grains.Learner(learner).Compensate(new Compensation(checked((int)adjustment.Change), rule,
                $"recalculated {from:yyyy-MM-dd HH:mm}–{to:yyyy-MM-dd HH:mm} UTC under the schemes in force at {now:yyyy-MM-dd HH:mm} (by {actor}): " +
                $"{adjustment.Before} → {adjustment.After} XP"));
            adjustments.Add(adjustment);
        }
        return new RecalculationResult(from, to, statements.Select(s => s.LearnerId).Distinct().Count(), adjustments);
    }

    private static string RuleFor(DateTimeOffset from, DateTimeOffset to) =>
        string.Create(CultureInfo.InvariantCulture, $"recalculation:{from.ToUnixTimeMilliseconds()}-{to.ToUnixTimeMilliseconds()}");

    private static bool Overlaps(string rule, DateTimeOffset from, DateTimeOffset to)
    {
        var window = rule["recalculation:".Length..].Split('-');
        return window.Length == 2 && long.TryParse(window[0], out var start) && long.TryParse(window[1], out var end)
               && start < to.ToUnixTimeMilliseconds() && from.ToUnixTimeMilliseconds() < end;
    }
}
