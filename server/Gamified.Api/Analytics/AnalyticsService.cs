using Gamified.Leaderboards;
using System.Globalization;
using Gamified.Analytics;
using Gamified.Api.Departments;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Content;
using Gamified.Rewards;

namespace Gamified.Api.Analytics;

/// <summary>
/// Effectiveness reports over the analytics summary tables, with who-may-see-what: package owners see their packages,
/// managers their departments (all of them when organisation-wide), admins everything; groups under
/// <see cref="AnalyticsOptions.MinGroupSize"/> learners are merged or have their figures withheld, for every caller.
/// </summary>
public sealed class AnalyticsService(
    IAnalyticsStore store, IPackageStore packages, PackageCatalog catalog, IDepartmentFigures departments, AnalyticsOptions options,
    RewardSettings rewards, TimeProvider clock, DepartmentTree tree)
{
    public const int MaxWeeks = 106;
    public const int MostMissedShown = 5;
    public const int MaxDepartments = 200;

    private int K => options.MinGroupSize;

    public async Task<IReadOnlyList<PackageVersionReport>> PackageReport(Caller caller, string packageId, string? version,
        CancellationToken cancellationToken)
    {
        RequireOwnerOrManager(caller, Validate.Id(packageId, "packageId"));
        var rows = await store.PackageLearners(packageId, cancellationToken);
        var ratings = await packages.Ratings(packageId, cancellationToken);
        var misses = await store.Misses(packageId, cancellationToken);
        var versions = catalog.Versions(packageId).Select(e => e.Package.Version.ToString())
            .Concat(rows.Select(r => r.Version)).Distinct().Where(v => version is null || v == version).ToList();
        return versions.Select(v =>
        {
            var learners = rows.Where(r => r.Version == v).ToList();
            var rated = ratings.Where(r => r.Version == v).ToList();
            var completions = learners.Count(r => r.CompletedAt is not null);
            var withheld = learners.Count < K;
            // Each figure is withheld unless its own contributors reach the minimum group size: five starts but one post-test
            // would otherwise show that one learner's score.
            var missed = withheld ? [] : misses.Where(m => m.Version == v && m.Missed > 0 && m.Answers >= K)
                .OrderByDescending(m => (double)m.Missed / m.Answers).ThenByDescending(m => m.Missed).ThenBy(m => m.QuestionId, StringComparer.Ordinal)
                .Take(MostMissedShown).Select(m => new MissedQuestion(m.Test, m.QuestionId, m.Answers, m.Missed, Round((double)m.Missed / m.Answers)))
                .ToList();
            return new PackageVersionReport(packageId, v, learners.Count, completions,
                learners.Count == 0 ? null : Round((double)completions / learners.Count),
                withheld ? null : Median(GroupOf(learners.Where(r => r.CompletedAt is not null).Select(r => r.Seconds / 60.0))),
                withheld ? null : Average(GroupOf(learners.Select(r => r.PreScore))),
                withheld ? null : Average(GroupOf(learners.Select(r => r.PostScore))),
                withheld ? null : Average(GroupOf(learners.Select(r => r.Gain))),
                rated.Count == 0 ? null : Round(rated.Average(r => r.Rating)), rated.Count, rated.Count(r => !string.IsNullOrWhiteSpace(r.Comment)),
                withheld, missed);
        }).ToList();
    }

    /// <summary>The values, when at least the minimum group size of them are known; none otherwise.</summary>
    private IEnumerable<double> GroupOf(IEnumerable<double> values) => values.ToList() is { } known && known.Count >= K ? known : [];

    private IEnumerable<double?> GroupOf(IEnumerable<double?> values) => GroupOf(values.OfType<double>()).Select(v => (double?)v);

    /// <summary>
    /// Departments over a window of whole ISO weeks: the caller's own (or those named), with every department under
    /// the minimum group size of active learners merged into one grouped row.
    /// </summary>
    /// <param name="rollUp">One row per bureau instead: each department named (default: the tops of what the caller manages,
    /// or of the whole tree) with every department below it, its learners counted once; the same minimum group size applies to
    /// the subtree's figures, and subtrees under it share the grouped row.</param>
    public async Task<IReadOnlyList<DepartmentReport>> DepartmentReport(Caller caller, IReadOnlyList<string>? departmentIds,
        DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? deadline, CancellationToken cancellationToken, bool rollUp = false)
    {
        var members = await departments.Members(cancellationToken);
        var chosen = Departments(caller, departmentIds, members);
        if (!rollUp) return await Report(Window(chosen, from, to, deadline), members, cancellationToken);

        var heads = departmentIds is { Count: > 0 } ? chosen! : await tree.Tops(chosen);
        var units = new List<(string Id, IReadOnlyList<string> Ids)>();
        foreach (var head in heads)
            units.Add((head, (await tree.WithDescendants([head])).Order(StringComparer.Ordinal).ToList()));
        var cohort = Window(units.SelectMany(u => u.Ids).Distinct().ToList(), from, to, deadline);
        return await Report(cohort, members, units, cancellationToken);
    }

    /// <summary>
    /// A training plan's figures: its departments that the caller manages, its packages only, since it was created,
    /// with completions by its deadline counted as on time.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentReport>> PlanReport(Caller caller, Gamified.Plans.TrainingPlanInfo plan,
        CancellationToken cancellationToken)
    {
        var managed = plan.DepartmentIds.Where(caller.Manages).ToList();
        if (managed.Count == 0) throw Caller.Forbidden($"You manage none of training plan '{plan.Id}''s departments.");
        var now = clock.GetUtcNow();
        var to = plan.Deadline > now ? now : plan.Deadline.AddDays(7);   // a late completion still shows, as late
        var from = plan.CreatedAt > to.AddDays(-7 * (MaxWeeks - 1)) ? plan.CreatedAt : to.AddDays(-7 * (MaxWeeks - 1));
        var cohort = Window(managed, from, to, plan.Deadline) with { PackageIds = plan.PackageIds.ToHashSet(StringComparer.Ordinal) };
        return await Report(cohort, await departments.Members(cancellationToken), cancellationToken);
    }

    /// <summary>The figures of a cohort, one row per department large enough, one grouped row for the rest.</summary>
    public async Task<IReadOnlyList<DepartmentReport>> Report(Cohort cohort, IReadOnlyDictionary<string, int> members,
        CancellationToken cancellationToken)
    {
        var weeks = (await store.LearnerWeeks(cohort.From, cohort.To, cohort.DepartmentIds, cancellationToken)).Where(w => cohort.Includes(w.DepartmentId, w.LearnerId)).ToList();
        var work = (await store.PackageLearnersBetween(cohort.From, cohort.To, cohort.DepartmentIds, cancellationToken))
            .Where(r => cohort.Includes(r.DepartmentId, r.LearnerId) && cohort.IncludesPackage(r.PackageId)).ToList();
        var ids = cohort.DepartmentIds ?? members.Keys.Concat(weeks.Select(w => w.DepartmentId)).Distinct().ToList();
        return Rows(cohort, members, ids.Select(d => (d, (IReadOnlyList<string>)[d])).ToList(), weeks, work);
    }

    /// <summary>The figures of a cohort by rows of several departments each (a bureau and those below it).</summary>
    private async Task<IReadOnlyList<DepartmentReport>> Report(Cohort cohort, IReadOnlyDictionary<string, int> members,
        IReadOnlyList<(string Id, IReadOnlyList<string> Ids)> units, CancellationToken cancellationToken)
    {
        var weeks = (await store.LearnerWeeks(cohort.From, cohort.To, cohort.DepartmentIds, cancellationToken)).Where(w => cohort.Includes(w.DepartmentId, w.LearnerId)).ToList();
        var work = (await store.PackageLearnersBetween(cohort.From, cohort.To, cohort.DepartmentIds, cancellationToken))
            .Where(r => cohort.Includes(r.DepartmentId, r.LearnerId) && cohort.IncludesPackage(r.PackageId)).ToList();
        return Rows(cohort, members, units, weeks, work);
    }

    /// <summary>One row per unit with at least the minimum group size of active learners (each learner once, whichever of the
    /// unit's departments they were in), one grouped row for the rest.</summary>
    private IReadOnlyList<DepartmentReport> Rows(Cohort cohort, IReadOnlyDictionary<string, int> members,
        IReadOnlyList<(string Id, IReadOnlyList<string> Ids)> units, IReadOnlyList<LearnerWeekRow> weeks, IReadOnlyList<PackageLearnerRow> work)
    {
        var learnersOf = weeks.GroupBy(w => w.DepartmentId).ToDictionary(g => g.Key, g => g.Select(w => w.LearnerId).ToHashSet(StringComparer.Ordinal));
        int Active(IReadOnlyList<string> ids) =>
            ids.SelectMany(d => learnersOf.GetValueOrDefault(d) ?? []).Distinct(StringComparer.Ordinal).Count();
        var large = units.Where(u => Active(u.Ids) >= K).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var small = units.Where(u => Active(u.Ids) < K).SelectMany(u => u.Ids).Distinct().Order(StringComparer.Ordinal).ToList();
        // A bureau's row minus its departments' own rows (those large enough to be shown alone) leaves its small departments:
        // when they hold 1 to K − 1 active learners, the bureau's figures would show them by subtraction, so they are withheld.
        var shownAlone = learnersOf.Where(d => d.Value.Count >= K).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        bool Exposes((string Id, IReadOnlyList<string> Ids) unit) =>
            unit.Ids.Count > 1 && Active(unit.Ids.Where(d => !shownAlone.Contains(d)).ToList()) is > 0 and var rest && rest < K;
        var reports = large.Select(u => Figures(u.Id, false, u.Ids, cohort, members, weeks, work, withhold: Exposes(u))).ToList();
        if (small.Count > 0) reports.Add(Figures(null, true, small, cohort, members, weeks, work));
        return reports;
    }

    /// <summary>
    /// One row's figures. A row under the minimum group size of active learners (a grouped row of small departments that
    /// together are still too few included) shows only its member and active-learner counts. Otherwise each average is
    /// withheld unless its own contributors reach the minimum: the gains over the completions they average, a week's XP and
    /// hours over that week's active learners.
    /// </summary>
    private DepartmentReport Figures(string? id, bool grouped, IReadOnlyList<string> ids, Cohort cohort, IReadOnlyDictionary<string, int> members,
        IReadOnlyList<LearnerWeekRow> allWeeks, IReadOnlyList<PackageLearnerRow> allWork, bool withhold = false)
    {
        var set = ids.ToHashSet(StringComparer.Ordinal);
        var weeks = allWeeks.Where(w => set.Contains(w.DepartmentId)).ToList();
        var work = allWork.Where(r => set.Contains(r.DepartmentId)).ToList();
        var memberCount = cohort.LearnerIds?.Count ?? ids.Sum(d => members.GetValueOrDefault(d));
        var activeLearners = weeks.Select(w => w.LearnerId).Distinct().Count();
        var withheld = withhold || activeLearners < K;
        var started = work.Where(r => r.StartedAt >= cohort.From && r.StartedAt < cohort.To).ToList();
        var deadline = cohort.Deadline ?? cohort.To;
        var onTime = started.Count(r => r.CompletedAt is { } done && done <= deadline);
        var completed = work.Where(r => r.CompletedAt is { } done && done >= cohort.From && done < cohort.To).ToList();
        var xp = weeks.Sum(w => w.Xp);
        var trend = new List<WeekFigures>();
        for (var week = cohort.From; week < cohort.To; week = WeekStart(week.AddDays(7.5)))
        {
            var end = WeekStart(week.AddDays(7.5));
            var these = weeks.Where(w => w.WeekStart == week.ToUnixTimeMilliseconds()).ToList();
            var done = completed.Where(r => r.CompletedAt >= week && r.CompletedAt < end).ToList();
            var weekActive = these.Select(w => w.LearnerId).Distinct().Count();
            var weekShown = !withheld && (weekActive == 0 || weekActive >= K);
            var local = TimeZoneInfo.ConvertTime(week, rewards.Zone).DateTime;
            trend.Add(new WeekFigures(week, string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):D2}"),
                weekActive, weekShown ? these.Sum(w => w.Xp) : null, weekShown ? Round(these.Sum(w => w.Seconds) / 3600.0) : null,
                withheld ? null : done.Count, withheld ? null : Average(GroupOf(done.Select(r => r.Gain)))));
        }
        return new DepartmentReport(id, grouped, grouped ? [] : ids, memberCount, activeLearners,
            memberCount == 0 ? null : Round((double)activeLearners / memberCount), withheld ? null : started.Count, withheld ? null : onTime,
            withheld || started.Count == 0 ? null : Round((double)onTime / started.Count),
            withheld ? null : Average(GroupOf(completed.Select(r => r.Gain))), withheld ? null : xp,
            withheld || activeLearners == 0 ? null : Round((double)xp / activeLearners), withheld, trend);
    }

    /// <summary>Package versions by normalised gain per hour of learner time, best first; versions with fewer learners
    /// (with both tests taken) than the minimum group size, or no recorded time, are left out. Narrowed to a department
    /// (one the caller manages), a version is also left out when the rest of the organisation has between 1 and K − 1
    /// such learners: the organisation-wide row minus the department's would otherwise show them.</summary>
    public async Task<IReadOnlyList<PackageRank>> Ranking(Caller caller, string? departmentId, CancellationToken cancellationToken)
    {
        var everywhere = await store.GainTotals(null, cancellationToken);
        var totals = everywhere;
        if (departmentId is not null)
        {
            caller.RequireManages(Validate.Id(departmentId, "departmentId"));
            var whole = everywhere.ToDictionary(t => (t.PackageId, t.Version));
            totals = (await store.GainTotals(departmentId, cancellationToken)).Where(t =>
            {
                var rest = (whole.TryGetValue((t.PackageId, t.Version), out var all) ? all.Learners : t.Learners) - t.Learners;
                return rest <= 0 || rest >= K;
            }).ToList();
        }
        return totals.Where(t => t.Learners >= K && t.Seconds > 0)
            .Select(t => (t, hours: t.Seconds / 3600.0))
            .OrderByDescending(x => x.t.GainSum / x.hours).ThenBy(x => x.t.PackageId, StringComparer.Ordinal).ThenBy(x => x.t.Version, StringComparer.Ordinal)
            .Select((x, i) => new PackageRank(i + 1, x.t.PackageId, x.t.Version, x.t.Learners, Round(x.hours), Round(x.t.GainSum / x.t.Learners),
                Round(x.t.GainSum / x.hours)))
            .ToList();
    }

    /// <summary>The newest version of each package past its review-by date: an author's own; every package for managers and admins.</summary>
    public IReadOnlyList<StalePackage> Stale(Caller caller)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), rewards.Zone).DateTime);
        var everything = caller.IsAdmin || caller.ReadsAsManager;
        return catalog.LatestOfEach().Where(e => e.Package.ReviewBy < today && (everything || e.Owner == caller.Name))
            .Select(e => new StalePackage(e.Package.Id, e.Package.Version.ToString(), e.Owner, e.Package.Manifest.Title!.ZhCN ?? "",
                e.Package.Manifest.Title.En ?? "", e.Package.ReviewBy, today.DayNumber - e.Package.ReviewBy.DayNumber))
            .OrderByDescending(s => s.DaysOverdue).ThenBy(s => s.PackageId, StringComparer.Ordinal).ToList();
    }

    private void RequireOwnerOrManager(Caller caller, string packageId)
    {
        if (caller.IsAdmin || caller.ReadsAsManager) return;
        var owner = catalog.Versions(packageId).FirstOrDefault()?.Owner ?? throw DomainException.NotFound("Package", packageId);
        if (owner != caller.Name) throw Caller.Forbidden($"Only the owner of '{packageId}', managers and admins may see its analytics.");
    }

    private static IReadOnlyList<string>? Departments(Caller caller, IReadOnlyList<string>? requested, IReadOnlyDictionary<string, int> members)
    {
        if (requested is { Count: > MaxDepartments }) throw DomainException.BadInput("departmentIds", $"At most {MaxDepartments} departments at a time.");
        if (requested is { Count: > 0 })
        {
            foreach (var d in requested) caller.RequireManages(Validate.Id(d, "departmentIds"));
            return requested.Distinct().ToList();
        }
        if (caller.SeesEveryDepartment) return null;
        var mine = caller.Departments.Where(d => d != Roles.AllDepartments).ToList();
        if (mine.Count == 0) throw Caller.Forbidden("Your token names no department you manage; pass departmentIds.");
        return mine;
    }

    /// <summary>A window of whole weeks in the rewards time zone: the week of <paramref name="from"/> (default: 12 weeks
    /// back) up to the end of the week of <paramref name="to"/> (default: now).</summary>
    public Cohort Window(IReadOnlyList<string>? departmentIds, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? deadline)
    {
        (from, to, deadline) = (Validate.Moment(from, "from"), Validate.Moment(to, "to"), Validate.Moment(deadline, "deadline"));
        var now = clock.GetUtcNow();
        var end = WeekStart(WeekStart(to ?? now).AddDays(7.5));
        var start = WeekStart(from ?? end.AddDays(-7 * 12 + 1));
        if (start >= end) throw DomainException.BadInput("from", "from must be before to.");
        if ((end - start).TotalDays > MaxWeeks * 7) throw DomainException.BadInput("from", $"At most {MaxWeeks} weeks at a time.");
        return new Cohort(departmentIds, start, end, Deadline: deadline);
    }

    private DateTimeOffset WeekStart(DateTimeOffset at) => BoardNames.Start(BoardWindow.ThisWeek, at, rewards.Zone);

    private static double Round(double value) => Math.Round(value, 4);

    private static double? Average(IEnumerable<double?> values) => values.OfType<double>().ToList() is { Count: > 0 } v ? Round(v.Average()) : null;

    /// <summary>The exact median of a small set (one value per learner).</summary>
    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var middle = sorted.Count / 2;
        return Round(sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }
}
