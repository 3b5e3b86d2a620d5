using Gamified.Api.Common;
using Gamified.Ledger;
using Gamified.Activity;
using Gamified.Common;
using Gamified.Learners;
using Gamified.Rewards;

namespace Gamified.Api.Learners;

/// <summary>A badge's names and description, from the reward scheme that defines it; the tier when it has tiers.</summary>
public sealed record BadgeDescription(LocalizedText Names, LocalizedText Descriptions, string? Tier);

/// <summary>The API's way to the learner grains: checks the key, then calls the grain.</summary>
public sealed class LearnerService(IGrainFactory grains, ILedgerStore ledger, RewardSettings rewards, TimeProvider clock)
{
    public Task<LearnerSnapshot> Register(string id, RegisterLearner command) =>
        Grain(id, "input.id").Register(command);

    /// <summary>The learner, or null; one the staff import listed since an earlier lookup found no one is taken in now.</summary>
    public async Task<LearnerSnapshot?> Find(string id)
    {
        if (!Validate.IsId(id)) return null;
        var learner = grains.Learner(id);
        return await learner.Get() ?? await learner.Claim();
    }

    /// <summary>Several learners at once: each distinct id once, all grain calls in flight together; unknown ids are left out.</summary>
    public async Task<IReadOnlyDictionary<string, LearnerSnapshot>> FindMany(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        var distinct = ids.Where(Validate.IsId).Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(distinct.Select(id => grains.Learner(id).Get()));
        return distinct.Zip(found).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal);
    }

    /// <summary>A batching loader over <see cref="FindMany"/>, one per request (see LearnerLoaderExtensions.LearnerLoader).</summary>
    public BatchLoader<string, LearnerSnapshot> Loader() => new(FindMany);

    /// <summary>Repeated when the node holding the learner's grain leaves mid-call: safe, the statement's key makes it idempotent.</summary>
    public Task<ActivityOutcome> RecordActivity(string learnerId, ActivityStatement statement) =>
        Gamified.Api.Common.SiloDepartures.RetryIdempotent(() => Grain(learnerId, "input.learnerId").RecordActivity(statement));

    public Task<EarnedBadge> AwardBadge(string learnerId, BadgeAward award) =>
        Grain(learnerId, "input.learnerId").AwardBadge(award);

    public Task<Gamified.Ledger.LedgerEntry> RevokeAward(string learnerId, AwardRevocation revocation) =>
        Grain(learnerId, "input.learnerId").RevokeAward(revocation);

    public Task<Gamified.Ledger.LedgerEntry> RevokeBadge(string learnerId, BadgeRevocation revocation) =>
        Grain(learnerId, "input.learnerId").RevokeBadge(revocation);

    public Task<LearnerSnapshot> SetVisibility(string learnerId, PublicVisibility visibility) =>
        Grain(learnerId, "learnerId").SetVisibility(visibility);

    /// <summary>The learner's streak of active days as of now, in the rewards calendar.</summary>
    public async Task<StreakSummary> Streak(string learnerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var days = ActivityStreak.Days(await ledger.ActivityTimes(learnerId, ActivityStreak.Since(now), cancellationToken), rewards.Zone);
        return ActivityStreak.Summarise(days, ActivityStreak.DayOf(now, rewards.Zone));
    }

    /// <summary>
    /// What the badge is called: from the scheme version that awarded it, or, for a badge given by hand, from a
    /// scheme in force that defines a badge with that id. Null when no scheme defines it.
    /// </summary>
    public async Task<BadgeDescription?> Describe(EarnedBadge badge)
    {
        if (badge is { SchemeId: { } schemeId, SchemeVersion: { } version })
        {
            var scheme = await grains.RewardScheme(schemeId).Get();
            var definition = scheme?.Versions.FirstOrDefault(v => v.Version == version)?.Definition;
            if (definition is not null && Find(definition.Badges, badge.BadgeId) is { } found) return found;
        }
        var inForce = await grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key).InForce();
        return inForce.Select(v => Find(v.Definition.Badges, badge.BadgeId)).FirstOrDefault(d => d is not null);
    }

    private static BadgeDescription? Find(IEnumerable<BadgeDefinition> badges, string heldId) =>
        (from b in badges
         from tier in b.Tiers
         where b.HeldId(tier) == heldId
         select new BadgeDescription(b.Names, b.Descriptions, tier.Tier.Length == 0 ? null : tier.Tier)).FirstOrDefault();

    private ILearnerGrain Grain(string id, string field) => grains.Learner(Validate.Id(id, field));
}
