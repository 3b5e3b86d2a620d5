using Gamified.Common;

namespace Gamified.Rewards;

/// <summary>A problem with a scheme, found when it is saved: which field, and what is wrong.</summary>
[GenerateSerializer, Immutable, Alias("gamified.SchemeError")]
public sealed record SchemeError([property: Id(0)] string Code, [property: Id(1)] string Path, [property: Id(2)] string Message);

/// <summary>Thrown to refuse a save; the API turns <see cref="Errors"/> into userErrors.</summary>
[GenerateSerializer, Alias("gamified.SchemeRejectedException")]
public sealed class SchemeRejectedException(IReadOnlyList<SchemeError> errors) : Exception("The reward scheme is not valid.")
{
    [Id(0)] public IReadOnlyList<SchemeError> Errors { get; } = errors;
}

/// <summary>Checks a scheme at save time, against itself and against the organisation (departments, packages).</summary>
public static class SchemeValidation
{
    public static List<SchemeError> Check(SchemeDefinition d, ISet<string> knownDepartments, ISet<string> knownPackages,
        IEnumerable<(string SchemeId, Campaign Campaign, IReadOnlyList<string> SchemeDepartments)> otherCampaigns)
    {
        var errors = new List<SchemeError>();
        void Error(string code, string path, string message) => errors.Add(new SchemeError(code, path, message));

        if (string.IsNullOrWhiteSpace(d.Names.ZhCn) || string.IsNullOrWhiteSpace(d.Names.En))
            Error("MISSING_FIELD", "names", "The scheme needs a name in Chinese and English.");
        foreach (var (department, i) in d.DepartmentIds.Select((x, i) => (x, i)))
            if (!knownDepartments.Contains(department)) Error("UNKNOWN_DEPARTMENT", $"departmentIds[{i}]", $"There is no department '{department}'.");

        foreach (var (count, max, field) in new[] { (d.Rules.Count, 100, "rules"), (d.Badges.Count, 50, "badges"), (d.Levels.Count, 50, "levels"),
                     (d.Campaigns.Count, 50, "campaigns"), (d.DepartmentIds.Count, 500, "departmentIds") })
            if (count > max) Error("INVALID_VALUE", field, $"At most {max} {field}.");

        var ruleIds = new HashSet<string>();
        for (var i = 0; i < d.Rules.Count; i++)
        {
            var r = d.Rules[i];
            var path = $"rules[{i}]";
            if (!IsSlug(r.Id)) Error("INVALID_VALUE", path + ".id", "A rule id is a lower-case slug.");
            else if (!ruleIds.Add(r.Id)) Error("DUPLICATE_ID", path + ".id", $"Another rule already has the id '{r.Id}'.");
            if (r.Verb is not null && !Activity.Verbs.Iris.ContainsKey(r.Verb)) Error("INVALID_VALUE", path + ".verb", $"'{r.Verb}' is not a known verb.");
            if (r.ObjectKind is not null && !Activity.Verbs.ObjectKinds.Contains(r.ObjectKind)) Error("INVALID_VALUE", path + ".objectKind", $"'{r.ObjectKind}' is not a known object kind.");
            if (r.PackageId is not null && !knownPackages.Contains(r.PackageId)) Error("UNKNOWN_PACKAGE", path + ".packageId", $"There is no package '{r.PackageId}'.");
            if (r.MinScore is < 0 or > 100) Error("INVALID_VALUE", path + ".minScore", "minScore is between 0 and 100.");
            if (r.MinDurationSeconds is < 0) Error("INVALID_VALUE", path + ".minDurationSeconds", "minDurationSeconds is not negative.");
            if (r.DaysOfWeek.Any(x => x is < 1 or > 7)) Error("INVALID_VALUE", path + ".daysOfWeek", "Days of the week are 1 (Monday) to 7 (Sunday).");
            if (r.Points is < 0 or > 10_000) Error("INVALID_VALUE", path + ".points", "points is between 0 and 10000.");
            if (r.Multiplier is <= 0 or > 10) Error("INVALID_VALUE", path + ".multiplier", "multiplier is above 0 and at most 10.");
            if (r.PointsPerGain is < 0 or > 10_000) Error("INVALID_VALUE", path + ".pointsPerGain", "pointsPerGain is between 0 and 10000.");
            if (r.Attestations is { } named && named.Any(a => !Enum.IsDefined(a)))
                Error("INVALID_VALUE", path + ".attestations", "An attestation is SERVER, LAUNCH_SESSION, MANAGER or SELF_REPORTED.");
            if (r.Attestations?.Contains(Activity.Attestation.SelfReported) == true)
            {
                // A learner's own claims may score only apart from everything witnessed, and only a little a day.
                if (r.Attestations.Count != 1)
                    Error("INVALID_VALUE", path + ".attestations", "A rule for SELF_REPORTED statements scores only those: give it a rule of its own.");
                if (r.DailyCap is null or < 1 || r.DailyCap > PointRule.MaxSelfReportedDailyCap)
                    Error("INVALID_VALUE", path + ".dailyCap",
                        $"A rule for SELF_REPORTED statements needs its own dailyCap, 1 to {PointRule.MaxSelfReportedDailyCap} XP.");
            }
            if (r.Attestations?.Contains(Activity.Attestation.Manager) == true
                && (r.DailyCap is null or < 1 || r.DailyCap > PointRule.MaxManagerDailyCap))
                Error("INVALID_VALUE", path + ".dailyCap",
                    $"A rule for MANAGER statements needs its own dailyCap, 1 to {PointRule.MaxManagerDailyCap} XP: managers compete through their departments.");
            if (r.DailyCap is < 0 or > 100_000) Error("INVALID_VALUE", path + ".dailyCap", "dailyCap is between 0 and 100000.");
            if (r.Points == 0 && r.Multiplier is null && r.PointsPerGain is null)
                Error("INVALID_VALUE", path, "A rule awards points, a multiplier, or points per unit of learning gain.");
        }

        if (d.Rules.Count(r => r.Attestations?.Contains(Activity.Attestation.SelfReported) == true) > 1)
            Error("INVALID_VALUE", "rules", "A scheme has at most one rule for SELF_REPORTED statements.");

        for (var i = 0; i < d.Levels.Count; i++)
        {
            if (i == 0 && d.Levels[0].MinXp != 0) Error("INVALID_VALUE", "levels[0].minXp", "The first level starts at 0 XP.");
            if (i > 0 && d.Levels[i].MinXp <= d.Levels[i - 1].MinXp)
                Error("THRESHOLDS_NOT_INCREASING", $"levels[{i}].minXp", "Each level needs more XP than the one before it.");
            if (string.IsNullOrWhiteSpace(d.Levels[i].Names.ZhCn)) Error("MISSING_FIELD", $"levels[{i}].names.zhCN", "Every level has a Chinese name.");
        }

        foreach (var (value, field) in new[] { (d.Caps.DailyXp, "dailyXp"), (d.Caps.DailyXpPerRule, "dailyXpPerRule"),
                     (d.Caps.MinLessonSeconds, "minLessonSeconds"), (d.Caps.StatementsPerMinute, "statementsPerMinute") })
            if (value is < 0) Error("NEGATIVE_CAP", "caps." + field, $"caps.{field} cannot be negative.");

        var badgeIds = new HashSet<string>();
        for (var i = 0; i < d.Badges.Count; i++)
        {
            var b = d.Badges[i];
            var path = $"badges[{i}]";
            if (!IsSlug(b.Id) || !badgeIds.Add(b.Id)) Error("DUPLICATE_ID", path + ".id", "Badge ids are unique lower-case slugs.");
            if (string.IsNullOrWhiteSpace(b.Names.ZhCn)) Error("MISSING_FIELD", path + ".names.zhCN", "A badge has a Chinese name.");
            if (b.Tiers.Count == 0) Error("MISSING_FIELD", path + ".tiers", "A badge has a threshold or tiers.");
            for (var j = 1; j < b.Tiers.Count; j++)
                if (b.Tiers[j].Threshold <= b.Tiers[j - 1].Threshold)
                    Error("THRESHOLDS_NOT_INCREASING", $"{path}.tiers[{j}].threshold", "Each tier needs a higher threshold than the one before.");
            if (b.Tiers.Select(t => t.Tier).Distinct().Count() != b.Tiers.Count) Error("DUPLICATE_ID", path + ".tiers", "Tier names are unique.");
            if (b.Criterion == BadgeCriterion.FirstToComplete && string.IsNullOrWhiteSpace(b.ChallengeId))
                Error("MISSING_FIELD", path + ".challengeId", "A first-to-complete badge names its challenge.");
            if (b.Criterion == BadgeCriterion.LearningGain && b.Tiers.Any(t => t.Threshold is <= -1 or > 1))
                Error("INVALID_VALUE", path + ".threshold", "A learning-gain threshold is above -1 and at most 1.");
            if (b.PackageId is not null && !knownPackages.Contains(b.PackageId))
                Error("UNKNOWN_PACKAGE", path + ".packageId", $"There is no package '{b.PackageId}'.");
        }

        var campaignIds = new HashSet<string>();
        for (var i = 0; i < d.Campaigns.Count; i++)
        {
            var c = d.Campaigns[i];
            var path = $"campaigns[{i}]";
            if (!IsSlug(c.Id) || !campaignIds.Add(c.Id)) Error("DUPLICATE_ID", path + ".id", "Campaign ids are unique lower-case slugs.");
            if (c.To <= c.From) Error("INVALID_VALUE", path + ".to", "A campaign ends after it starts.");
            if (c.Multiplier is <= 0 or > 10) Error("INVALID_VALUE", path + ".multiplier", "multiplier is above 0 and at most 10.");
            foreach (var (department, j) in c.DepartmentIds.Select((x, j) => (x, j)))
                if (!d.Covers(department) || !knownDepartments.Contains(department))
                    Error("UNKNOWN_DEPARTMENT", $"{path}.departmentIds[{j}]", $"'{department}' is not a department this scheme covers.");
            var scope = Scope(c.DepartmentIds, d.DepartmentIds);
            foreach (var other in d.Campaigns.Take(i).Select(o => ("this scheme", o, d.DepartmentIds)).Concat(otherCampaigns))
                if (Overlap(c, other.Item2) && ScopesMeet(scope, Scope(other.Item2.DepartmentIds, other.Item3)))
                    Error("OVERLAPPING_CAMPAIGNS", path, $"Campaign '{c.Id}' overlaps '{other.Item2.Id}' of {other.Item1} for the same departments.");
        }
        return errors;
    }

    private static bool IsSlug(string? id) => id is { Length: > 0 and <= 64 } && id.All(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.');

    private static bool Overlap(Campaign a, Campaign b) => a.From < b.To && b.From < a.To;

    /// <summary>The departments a campaign reaches; null is every department.</summary>
    private static IReadOnlyList<string>? Scope(IReadOnlyList<string> campaign, IReadOnlyList<string> scheme) =>
        campaign.Count > 0 ? campaign : scheme.Count > 0 ? scheme : null;

    private static bool ScopesMeet(IReadOnlyList<string>? a, IReadOnlyList<string>? b) => a is null || b is null || a.Intersect(b).Any();
}
