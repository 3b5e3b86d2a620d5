using Gamified.Activity;
using Gamified.Content;
using Gamified.Ledger;
using Gamified.Rewards;

namespace Gamified.Learners;

/// <summary>
/// What one learner's awards depend on besides the account head, kept current by the learner's activation: the day's
/// counters (caps), the last minute (rate rules), active days (streaks) and completed packages (tag badges). It reads
/// the ledger store where memory does not reach, and turns all of it into the pure engines' inputs.
/// </summary>
internal sealed class LearnerFacts(string learnerId, ILedgerStore ledger, PackageCatalog catalog, RewardSettings settings, TimeProvider clock)
{
    private readonly MinuteWindow _lastMinute = new();
    private readonly DayCounters _today = new();
    private ActivityDays? _activityDays;
    private List<string> _completedPackages = [];
    // No ledger entries yet (a learner's first activation): a day's counters need no read.
    private bool _noEntries;

    private ActivityDays Days => _activityDays ??= new ActivityDays(learnerId, ledger, settings, clock);

    public async Task Load(bool noEntries)
    {
        _noEntries = noEntries;
        _completedPackages = [.. await ledger.CompletedPackages(learnerId)];
    }

    /// <summary>XP awarded on the day of <paramref name="at"/> so far, under the daily caps.</summary>
    public async Task<int> XpOnDayOf(DateTimeOffset at)
    {
        await CountDayOf(at);
        return _today.Xp;
    }

    /// <summary>What the schemes in force at the statement's scoring time award for it, within that day's caps.</summary>
    public async Task<IReadOnlyList<AwardDraft>> Evaluate(ActivityStatement statement, IReadOnlyList<SchemeVersion> applicable,
        string departmentId, DateTimeOffset scoredAt)
    {
        await CountDayOf(scoredAt);
        var needsHistory = applicable.Any(v => v.Definition.Rules.Any(r => r.FirstAttempt is not null));
        var firstAttempt = !needsHistory || !await ledger.HasActivity(learnerId, statement.Verb, statement.Object.Id);
        var tags = statement.Context is { PackageId: { } packageId, PackageVersion: { } version }
            ? (catalog.Get(packageId, version)?.Package.Manifest.Tags ?? []).ToHashSet()
            : [];
        var context = new AwardContext(departmentId, _today.Xp, _today.ByRule, _lastMinute.CountBefore(scoredAt), firstAttempt, tags,
            _today.ByAttestation);
        return RewardEngine.Evaluate(applicable, context, statement, scoredAt, settings.Zone);
    }

    /// <summary>A witnessed completion of a package this learner had not completed before.</summary>
    public bool CompletesNewPackage(ActivityStatement statement) =>
        statement.IsWitnessed() && statement is { Verb: "completed", Object.Kind: "package" } && !_completedPackages.Contains(statement.Object.Id);

    /// <summary>The badge facts a statement adds; only what the server witnessed counts toward result badges and streaks.</summary>
    public async Task<BadgeFacts> AfterStatement(ActivityStatement statement, bool completesNewPackage, IReadOnlyList<SchemeVersion> applicable,
        IReadOnlySet<string> held, DateTimeOffset scoredAt)
    {
        var witnessed = statement.IsWitnessed();
        return BadgeFacts.AfterStatement(
            PackageTags(completesNewPackage ? [.. _completedPackages, statement.Object.Id] : _completedPackages),
            BadgeEngine.NeedsStreak(applicable, held) && witnessed ? await Days.StreakEndingAt(scoredAt) : 0,
            witnessed && statement.Object.Kind == "quiz" && statement.Result?.Score >= 100,
            statement.Attestation == Attestation.Server ? statement.Result?.LearningGain : null,
            statement.Context?.PackageId);
    }

    public BadgeFacts AfterChallenge(string challengeId, int? winnerRank, bool inCrossDepartmentTeam) =>
        BadgeFacts.AfterChallenge(PackageTags(_completedPackages), challengeId, winnerRank, inCrossDepartmentTeam);

    public BadgeFacts AfterCorrection() => BadgeFacts.AfterCorrection(PackageTags(_completedPackages));

    /// <summary>After a statement committed: its day is active (if witnessed), it counts in the minute, its package is done.</summary>
    public void Recorded(ActivityStatement statement, bool completedPackage, DateTimeOffset scoredAt)
    {
        if (statement.IsWitnessed()) Days.Add(scoredAt);
        _lastMinute.Add(scoredAt);
        if (completedPackage) _completedPackages.Add(statement.Object.Id);
    }

    /// <summary>After entries committed: their awards count against the day's caps (a statement's under its attestation).</summary>
    public void Committed(IEnumerable<LedgerEntry> entries, Attestation? attestation)
    {
        foreach (var entry in entries)
        {
            _today.Count(entry, attestation);
            _noEntries = false;
        }
    }

    private async Task CountDayOf(DateTimeOffset at)
    {
        var day = settings.StartOfDay(at);
        if (day != _today.Day) _today.Reset(day, _noEntries ? [] : await ledger.ReadEntriesOccurred(learnerId, day, day.AddDays(1)));
    }

    private IReadOnlyList<IReadOnlySet<string>> PackageTags(IEnumerable<string> packageIds) =>
        packageIds.Select(id => (IReadOnlySet<string>)(catalog.Latest(id)?.Package.Manifest.Tags ?? []).ToHashSet()).ToList();
}
