using Gamified.Activity;
using Gamified.Content;

namespace Gamified.Rewards;

public sealed record DepartmentProjection(string DepartmentId, long CurrentXp, long ProjectedXp);

public sealed record LevelCount(int Level, Common.LocalizedText Name, int Current, int Projected);

public sealed record LearnerChange(string LearnerId, string DepartmentId, long CurrentXp, long ProjectedXp)
{
    public long Change => ProjectedXp - CurrentXp;
}

public sealed record DryRunResult(
    string SchemeId, int Version, DateTimeOffset From, DateTimeOffset To, int Statements, int Learners,
    IReadOnlyList<DepartmentProjection> Departments, IReadOnlyList<LevelCount> Levels, IReadOnlyList<LearnerChange> LargestChanges);

/// <summary>
/// Replays recorded statements of a window through the reward engine twice: with the schemes in force
/// (what was awarded), and with the candidate version in place of its scheme's active one (what would
/// have been). Writes nothing. The same engine, caps and calendar as live awards, so an activation awards
/// what the dry run projects; the learners' history before the window counts only for levels
/// (first attempts and caps are judged within the window).
/// </summary>
public sealed class DryRun(IActivityHistory history, PackageCatalog catalog, RewardSettings settings)
{

    public async Task<DryRunResult> Project(SchemeVersion candidate, IReadOnlyList<SchemeVersion> inForce, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var recorded = await history.Between(from, to, cancellationToken);
        // Parsed once, replayed twice.
        var statements = recorded.Select(r => new Replayable(r.LearnerId, r.DepartmentId, r.OccurredAt,
            StatementRules.FromJson(r.StatementJson))).ToList();
        var before = await history.XpBefore(from, cancellationToken);
        var earlier = await EarlierAttempts(inForce.Append(candidate), from, cancellationToken);
        // The candidate counts as active over the whole window.
        var projectedSchemes = inForce.Where(v => v.SchemeId != candidate.SchemeId)
            .Append(candidate with { Status = SchemeStatus.Active, EffectiveFrom = DateTimeOffset.MinValue, ArchivedAt = null }).ToList();

        // The two replays share nothing: run them side by side.
        var replays = await Task.WhenAll(Task.Run(() => Replay(statements, inForce, earlier), cancellationToken),
            Task.Run(() => Replay(statements, projectedSchemes, earlier), cancellationToken));
        var (current, projected) = (replays[0], replays[1]);
        var departments = statements.GroupBy(s => s.LearnerId).ToDictionary(g => g.Key, g => g.First().DepartmentId);

        // Levels are the department scheme's when it has any, so look them up per department.
        var tablesNow = new Dictionary<string, LevelTable>();
        var tablesThen = new Dictionary<string, LevelTable>();
        LevelTable TableNow(string department) => tablesNow.TryGetValue(department, out var t) ? t
            : tablesNow[department] = RewardEngine.Levels(RewardEngine.Applicable(inForce, department, to));
        LevelTable TableThen(string department) => tablesThen.TryGetValue(department, out var t) ? t
            : tablesThen[department] = RewardEngine.Levels(RewardEngine.Applicable(projectedSchemes, department, to));
        var changes = departments.Keys.Select(l => new LearnerChange(l, departments[l], current.GetValueOrDefault(l), projected.GetValueOrDefault(l))).ToList();
        var levelNumbers = changes.Select(c => (Now: TableNow(c.DepartmentId).For(before.GetValueOrDefault(c.LearnerId) + c.CurrentXp).Number,
            Then: TableThen(c.DepartmentId).For(before.GetValueOrDefault(c.LearnerId) + c.ProjectedXp).Number)).ToList();
        var levelsNow = changes.Count > 0 ? TableNow(changes[0].DepartmentId) : RewardEngine.Levels([]);
        var levelsThen = changes.Count > 0 ? TableThen(changes[0].DepartmentId) : RewardEngine.Levels([]);
        var levels = Enumerable.Range(1, Math.Max(levelsNow.Count, levelsThen.Count)).Select(n =>
            new LevelCount(n, (n <= levelsThen.Count ? levelsThen : levelsNow).Name(n), levelNumbers.Count(x => x.Now == n), levelNumbers.Count(x => x.Then == n)))
            .ToList();

        return new DryRunResult(candidate.SchemeId, candidate.Version, from, to, statements.Count, departments.Count,
            changes.GroupBy(c => c.DepartmentId).Select(g => new DepartmentProjection(g.Key, g.Sum(c => c.CurrentXp), g.Sum(c => c.ProjectedXp)))
                .OrderBy(d => d.DepartmentId, StringComparer.Ordinal).ToList(),
            levels,
            changes.Where(c => c.Change != 0).OrderByDescending(c => Math.Abs(c.Change)).ThenBy(c => c.LearnerId, StringComparer.Ordinal).Take(10).ToList());
    }

    internal sealed record Replayable(string LearnerId, string DepartmentId, DateTimeOffset OccurredAt, ActivityStatement Statement);

    internal Dictionary<string, long> Replay(IReadOnlyList<RecordedStatement> statements, IReadOnlyList<SchemeVersion> schemes,
        IReadOnlySet<string> earlierAttempts) =>
        Replay(statements.Select(r => new Replayable(r.LearnerId, r.DepartmentId, r.OccurredAt,
            StatementRules.FromJson(r.StatementJson))).ToList(), schemes, earlierAttempts);

    /// <summary>What learners did before the window, when a rule asks for first attempts; empty otherwise.</summary>
    internal async Task<IReadOnlySet<string>> EarlierAttempts(IEnumerable<SchemeVersion> schemes, DateTimeOffset from,
        CancellationToken cancellationToken = default) =>
        schemes.Any(v => v.Definition.Rules.Any(r => r.FirstAttempt is not null))
            ? await history.AttemptsBefore(from, cancellationToken)
            : new HashSet<string>();

    /// <summary>XP each learner earns from the statements under the given schemes.</summary>
    internal Dictionary<string, long> Replay(IReadOnlyList<Replayable> statements, IReadOnlyList<SchemeVersion> schemes,
        IReadOnlySet<string> earlierAttempts)
    {
        var xp = new Dictionary<string, long>(StringComparer.Ordinal);
        var learners = new Dictionary<string, LearnerDay>(StringComparer.Ordinal);
        // Which schemes apply changes only at a version's start or end: between those, reuse the answer per department.
        var boundaries = schemes.SelectMany(v => new[] { v.EffectiveFrom, v.ArchivedAt }).OfType<DateTimeOffset>().Order().ToArray();
        var applicableCache = new Dictionary<(string, int), IReadOnlyList<SchemeVersion>>();
        foreach (var recorded in statements)
        {
            var statement = recorded.Statement;
            var day = learners.TryGetValue(recorded.LearnerId, out var known) ? known : learners[recorded.LearnerId] = new LearnerDay();
            var dayStart = settings.StartOfDay(recorded.OccurredAt);
            if (dayStart != day.Day)
            {
                day.Day = dayStart;
                day.Xp = 0;
                day.ByRule.Clear();
                day.ByAttestation.Clear();
            }
            while (day.LastMinute.Count > 0 && day.LastMinute.Peek() <= recorded.OccurredAt.AddMinutes(-1)) day.LastMinute.Dequeue();

            var attempt = statement.Verb + "\u001f" + statement.Object.Id;
            var tags = statement.Context is { PackageId: { } p, PackageVersion: { } v }
                ? (catalog.Get(p, v)?.Package.Manifest.Tags ?? []).ToHashSet()
                : [];
            var first = !day.Attempts.Contains(attempt) && !earlierAttempts.Contains(recorded.LearnerId + "\u001f" + attempt);
            var context = new AwardContext(recorded.DepartmentId, day.Xp, day.ByRule, day.LastMinute.Count, first, tags, day.ByAttestation);
            var found = Array.BinarySearch(boundaries, recorded.OccurredAt);
            var period = found >= 0 ? found + 1 : ~found;   // how many boundaries are at or before the statement
            if (!applicableCache.TryGetValue((recorded.DepartmentId, period), out var applicable))
                applicableCache[(recorded.DepartmentId, period)] = applicable = RewardEngine.Applicable(schemes, recorded.DepartmentId, recorded.OccurredAt);
            foreach (var award in RewardEngine.Evaluate(applicable, context, statement, recorded.OccurredAt, settings.Zone))
            {
                xp[recorded.LearnerId] = xp.GetValueOrDefault(recorded.LearnerId) + award.Amount;
                day.Xp += award.Amount;
                var key = AwardContext.RuleKey(award.SchemeId, award.RuleId);
                day.ByRule[key] = day.ByRule.GetValueOrDefault(key) + award.Amount;
                if (statement.CapsAs() is { } witness) day.ByAttestation[witness] = day.ByAttestation.GetValueOrDefault(witness) + award.Amount;
            }
            day.Attempts.Add(attempt);
            day.LastMinute.Enqueue(recorded.OccurredAt);
        }
        return xp;
    }

    private sealed class LearnerDay
    {
        public DateTimeOffset Day { get; set; }
        public int Xp { get; set; }
        public Dictionary<string, int> ByRule { get; } = new(StringComparer.Ordinal);
        public Dictionary<Attestation, int> ByAttestation { get; } = [];
        public Queue<DateTimeOffset> LastMinute { get; } = new();
        public HashSet<string> Attempts { get; } = new(StringComparer.Ordinal);
    }
}
