using Gamified.Activity;

namespace Gamified.Rewards;

/// <summary>An award a scheme's rule grants for one statement, before it becomes a ledger entry.</summary>
public sealed record AwardDraft(int Amount, string SchemeId, int SchemeVersion, string RuleId, string Reason, int? RuleDailyCap = null);

/// <summary>What the engine needs to know about the learner when a statement arrives.</summary>
public sealed record AwardContext(
    string DepartmentId,
    int XpToday,
    IReadOnlyDictionary<string, int> XpTodayByRule,
    int StatementsLastMinute,
    bool FirstAttempt,
    IReadOnlySet<string> PackageTags,
    IReadOnlyDictionary<Attestation, int>? XpTodayByAttestation = null)
{
    public static string RuleKey(string schemeId, string ruleId) => schemeId + "/" + ruleId;
}

/// <summary>
/// Evaluates a statement against the schemes in force for the learner. Every applicable scheme awards on
/// its own (an organisation-wide scheme and the department's scheme both count); the caps are those of the
/// strictest applicable scheme and apply to the sum of what all of them award. Pure: the same inputs always
/// give the same awards, which is what lets a dry run predict an activation exactly.
/// </summary>
public static class RewardEngine
{
    /// <summary>The most one rule can award for one statement, however multipliers stack.</summary>
    public const int MaxAward = 100_000;

    public static IReadOnlyList<SchemeVersion> Applicable(IEnumerable<SchemeVersion> inForce, string departmentId, DateTimeOffset at) =>
        NewestOfEach(inForce.Where(v => v.AppliesAt(at) && v.Definition.Covers(departmentId)));

    /// <summary>
    /// Each scheme's newest version among these, in scheme order. Of a scheme's versions in force the newest wins:
    /// a version activated later for an earlier date replaces an older one.
    /// </summary>
    public static IReadOnlyList<SchemeVersion> NewestOfEach(IEnumerable<SchemeVersion> versions) =>
        versions.GroupBy(v => v.SchemeId)
            .Select(g => g.OrderByDescending(v => v.Version).First())
            .OrderBy(v => v.SchemeId, StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<AwardDraft> Evaluate(IReadOnlyList<SchemeVersion> applicable, AwardContext context,
        ActivityStatement statement, DateTimeOffset occurredAt, TimeZoneInfo zone)
    {
        if (applicable.Count == 0) return [];
        var caps = Strictest(applicable.Select(v => v.Definition.Caps));
        if (caps.StatementsPerMinute is { } perMinute && context.StatementsLastMinute >= perMinute) return [];
        if (caps.MinLessonSeconds is { } minimum && statement.Object.Kind == "lesson"
            && (statement.Result?.DurationSeconds ?? 0) < minimum) return [];

        var localDay = (int)TimeZoneInfo.ConvertTime(occurredAt, zone).DayOfWeek;
        var dayOfWeek = localDay == 0 ? 7 : localDay;   // ISO: Monday 1 … Sunday 7
        var drafts = new List<AwardDraft>();
        foreach (var scheme in applicable)
        {
            var matched = scheme.Definition.Rules.Where(r => Matches(r, statement, context, dayOfWeek)).ToList();
            var multiplier = matched.Where(r => r.Multiplier is not null).Aggregate(1.0, (m, r) => m * r.Multiplier!.Value)
                             * scheme.Definition.Campaigns
                                 .Where(c => c.From <= occurredAt && occurredAt < c.To
                                             && (c.DepartmentIds.Count == 0 || c.DepartmentIds.Contains(context.DepartmentId)))
                                 .Aggregate(1.0, (m, c) => m * c.Multiplier);
            foreach (var rule in matched)
            {
                var basePoints = rule.Points + (rule.PointsPerGain is { } perGain && statement.Result?.LearningGain is > 0
                    ? perGain * statement.Result.LearningGain.Value
                    : 0);
                var amount = (int)Math.Min(MaxAward, Math.Round(basePoints * multiplier, MidpointRounding.AwayFromZero));
                if (amount <= 0) continue;
                drafts.Add(new AwardDraft(amount, scheme.SchemeId, scheme.Version, rule.Id,
                    $"{statement.Verb} {statement.Object.Kind} '{statement.Object.Id}'" + (multiplier != 1 ? $" ×{multiplier:0.##}" : ""), rule.DailyCap));
            }
        }
        var capped = ApplyCaps(drafts, caps, context);
        return statement.Imported || PointRule.CapFor(statement.Attestation) is not { } cap
            ? capped
            : WithinAttestationCap(capped, context, statement.Attestation, cap);
    }

    /// <summary>The levels of the department's scheme if it defines any, else the organisation's, else the built-in table.</summary>
    public static LevelTable Levels(IReadOnlyList<SchemeVersion> applicable)
    {
        var withLevels = applicable.Where(v => v.Definition.Levels.Count > 0).ToList();
        var chosen = withLevels.FirstOrDefault(v => !v.Definition.IsOrganisationWide) ?? withLevels.FirstOrDefault();
        return chosen is null ? LevelTable.Default : new LevelTable(chosen.Definition.Levels.Select(l => (l.MinXp, l.Names)));
    }

    /// <summary>
    /// <paramref name="points"/> cut to what the strictest daily XP cap of the schemes in force leaves for the day: challenge
    /// points pass through the same cap as every award.
    /// </summary>
    public static int WithinDailyCap(IReadOnlyList<SchemeVersion> applicable, int xpToday, int points)
    {
        var caps = Strictest(applicable.Select(v => v.Definition.Caps));
        return caps.DailyXp is { } daily ? Math.Clamp(daily - xpToday, 0, points) : points;
    }

    private static bool Matches(PointRule rule, ActivityStatement s, AwardContext context, int dayOfWeek) =>
        rule.MayScore(s)
        && (rule.Verb is null || rule.Verb == s.Verb)
        && (rule.ObjectKind is null || rule.ObjectKind == s.Object.Kind)
        && (rule.PackageId is null || rule.PackageId == s.Context?.PackageId)
        && (rule.Tag is null || context.PackageTags.Contains(rule.Tag))
        && (rule.MinScore is null || s.Result?.Score >= rule.MinScore)
        && (rule.Success is null || s.Result?.Success == rule.Success)
        && (rule.MinDurationSeconds is null || s.Result?.DurationSeconds >= rule.MinDurationSeconds)
        && (rule.FirstAttempt is null || context.FirstAttempt == rule.FirstAttempt)
        && (rule.DaysOfWeek.Count == 0 || rule.DaysOfWeek.Contains(dayOfWeek));

    /// <summary>The strictest of each cap: the smallest limit, the longest minimum time.</summary>
    private static SchemeCaps Strictest(IEnumerable<SchemeCaps> caps)
    {
        var all = caps.ToList();
        static int? Smallest(IEnumerable<int?> values) => values.OfType<int>().ToList() is { Count: > 0 } v ? v.Min() : null;
        static int? Largest(IEnumerable<int?> values) => values.OfType<int>().ToList() is { Count: > 0 } v ? v.Max() : null;
        return new SchemeCaps(Smallest(all.Select(c => c.DailyXp)), Smallest(all.Select(c => c.DailyXpPerRule)),
            Largest(all.Select(c => c.MinLessonSeconds)), Smallest(all.Select(c => c.StatementsPerMinute)));
    }

    /// <summary>
    /// A learner's own claims, and managers' statements, earn at most <paramref name="cap"/> a day in all, however many
    /// such rules, versions and schemes there are: what counts is what statements of that kind earned today, so a manager
    /// cannot reset the cap by renaming a rule, starting a new version or writing another scheme.
    /// </summary>
    private static List<AwardDraft> WithinAttestationCap(List<AwardDraft> drafts, AwardContext context, Attestation attestation, int cap)
    {
        var today = context.XpTodayByAttestation?.GetValueOrDefault(attestation) ?? 0;
        var left = Math.Max(0, cap - today);
        var capped = new List<AwardDraft>();
        foreach (var draft in drafts)
        {
            var amount = Math.Min(draft.Amount, left);
            if (amount <= 0) continue;
            left -= amount;
            capped.Add(draft with { Amount = amount });
        }
        return capped;
    }

    private static List<AwardDraft> ApplyCaps(List<AwardDraft> drafts, SchemeCaps caps, AwardContext context)
    {
        var capped = new List<AwardDraft>();
        var totalLeft = caps.DailyXp is { } daily ? Math.Max(0, daily - context.XpToday) : int.MaxValue;
        foreach (var draft in drafts)
        {
            var amount = draft.Amount;
            var ruleToday = context.XpTodayByRule.GetValueOrDefault(AwardContext.RuleKey(draft.SchemeId, draft.RuleId));
            if (caps.DailyXpPerRule is { } perRule) amount = Math.Min(amount, Math.Max(0, perRule - ruleToday));
            if (draft.RuleDailyCap is { } ruleCap) amount = Math.Min(amount, Math.Max(0, ruleCap - ruleToday));
            amount = Math.Min(amount, totalLeft);
            if (amount <= 0) continue;
            totalLeft -= amount;
            capped.Add(draft with { Amount = amount });
        }
        return capped;
    }
}
