namespace Gamified.Rewards;

/// <summary>What is known about a learner right after a statement (or a challenge completion) is applied.</summary>
public sealed record BadgeFacts(
    long Xp,
    int Level,
    IReadOnlyList<IReadOnlySet<string>> CompletedPackageTags,
    int StreakDays,
    bool PerfectScore,
    double? LearningGain,
    string? GainPackageId,
    string? CompletedChallengeId,
    int? ChallengeRank,
    bool CrossDepartmentTeamChallenge = false)
{
    /// <summary>After a statement. XP and level are filled in by the award pipeline.</summary>
    public static BadgeFacts AfterStatement(IReadOnlyList<IReadOnlySet<string>> completedPackageTags, int streakDays, bool perfectScore,
        double? learningGain, string? gainPackageId) =>
        new(0, 0, completedPackageTags, streakDays, perfectScore, learningGain, gainPackageId, null, null);

    /// <summary>After a challenge completion, with the winner's place in a race.</summary>
    public static BadgeFacts AfterChallenge(IReadOnlyList<IReadOnlySet<string>> completedPackageTags, string challengeId, int? rank,
        bool crossDepartmentTeam) =>
        new(0, 0, completedPackageTags, 0, false, null, null, challengeId, rank, crossDepartmentTeam);

    /// <summary>After an entry that is about nothing but XP (a correction): only thresholds can be crossed.</summary>
    public static BadgeFacts AfterCorrection(IReadOnlyList<IReadOnlySet<string>> completedPackageTags) =>
        new(0, 0, completedPackageTags, 0, false, null, null, null, null);
}

public sealed record BadgeAwardDraft(string BadgeId, string SchemeId, int SchemeVersion, string RuleId, string Reason);

/// <summary>
/// Decides which badges (per tier) the learner has just earned under the schemes in force. A badge already held
/// is never awarded again; since one learner's statements are applied one at a time, two statements that both
/// cross a threshold at once still award the badge once.
/// </summary>
public static class BadgeEngine
{
    public static bool NeedsStreak(IReadOnlyList<SchemeVersion> applicable, IReadOnlySet<string> held) =>
        Unheld(applicable, held).Any(x => x.Badge.Criterion == BadgeCriterion.Streak);

    public static IReadOnlyList<BadgeAwardDraft> Earned(IReadOnlyList<SchemeVersion> applicable, BadgeFacts facts, IReadOnlySet<string> held)
    {
        var earned = new List<BadgeAwardDraft>();
        var given = new HashSet<string>(held, StringComparer.Ordinal);
        foreach (var (scheme, badge, tier) in Unheld(applicable, held))
        {
            var id = badge.HeldId(tier);
            if (!Met(badge, tier, facts) || !given.Add(id)) continue;
            earned.Add(new BadgeAwardDraft(id, scheme.SchemeId, scheme.Version, $"badge.{badge.Id}",
                $"earned badge '{id}' ({badge.Names.ZhCn} / {badge.Names.En})"));
        }
        return earned;
    }

    private static IEnumerable<(SchemeVersion Scheme, BadgeDefinition Badge, BadgeTier Tier)> Unheld(
        IReadOnlyList<SchemeVersion> applicable, IReadOnlySet<string> held) =>
        from scheme in applicable
        from badge in scheme.Definition.Badges
        from tier in badge.Tiers
        where !held.Contains(badge.HeldId(tier))
        select (scheme, badge, tier);

    private static bool Met(BadgeDefinition badge, BadgeTier tier, BadgeFacts facts) => badge.Criterion switch
    {
        BadgeCriterion.XpThreshold => facts.Xp >= tier.Threshold,
        BadgeCriterion.LevelReached => facts.Level >= tier.Threshold,
        BadgeCriterion.Completions => facts.CompletedPackageTags.Count(tags => badge.Tag is null || tags.Contains(badge.Tag)) >= tier.Threshold,
        BadgeCriterion.PerfectScore => facts.PerfectScore,
        BadgeCriterion.Streak => facts.StreakDays >= tier.Threshold,
        BadgeCriterion.FirstToComplete => facts.CompletedChallengeId is not null && facts.CompletedChallengeId == badge.ChallengeId
                                          && facts.ChallengeRank is { } rank && rank <= tier.Threshold,
        BadgeCriterion.CrossDepartmentTeamChallenge => facts.CrossDepartmentTeamChallenge,
        BadgeCriterion.LearningGain => facts.LearningGain is { } gain && gain >= tier.Threshold
                                       && (badge.PackageId is null || badge.PackageId == facts.GainPackageId),
        _ => false,
    };
}
