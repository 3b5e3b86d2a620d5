using System.Security.Cryptography;
using System.Text;
using Gamified.Activity;
using Gamified.Content;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Ledger;
using Gamified.Rewards;
using Gamified.Storage;
using Gamified.Storage.Ledger;

namespace Gamified.Learners;

public sealed class LearnerGrain(
    [PersistentState("profile", StorageNames.Main)] IPersistentState<LearnerProfileState> profile,
    ILedgerStore ledger,
    PackageCatalog catalog,
    RewardSettings settings,
    Live.ILiveEvents live,
    TimeProvider clock) : Grain, ILearnerGrain
{
    private const int RecentOutcomeCapacity = 1024;
    private const string WinnerRulePrefix = "challenge.winner.";

    private readonly RecentOutcomes _recent = new(RecentOutcomeCapacity);
    // When recent statements happened, for "at most N a minute" (bounded; kept in memory only).
    private readonly LinkedList<DateTimeOffset> _recentTimes = new();
    private const int RecentTimesKept = 2048;
    private AccountSnapshot? _account;
    // Days (rewards calendar) with recorded activity since _activityDaysSince, for streak badges; read on first need.
    private HashSet<DateOnly>? _activityDays;
    private DateTimeOffset _activityDaysSince;
    private LevelTable _levels = LevelTable.Default;
    private IReadOnlyList<SchemeVersion> _applicable = [];
    private List<string> _completedPackages = [];

    // What schemes awarded this learner for one day of activity (the rewards calendar's day of the statement),
    // for the daily caps. Live awards, dry runs and recalculations all count by the day a statement happened.
    private DateTimeOffset _day = DateTimeOffset.MinValue;
    private int _xpToday;
    private readonly Dictionary<string, int> _xpTodayByRule = new(StringComparer.Ordinal);

    private string LearnerId => this.EntityId();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!profile.RecordExists) return;
        _account = await ledger.LoadAccount(LearnerId);
        if (_account is null)
        {
            // The profile was written but the account was not (a crash between the two): finish the job.
            await ledger.OpenAccount(LearnerId, profile.State.DepartmentId, profile.State.RegisteredAt);
            _account = await ledger.LoadAccount(LearnerId);
        }
        _levels = RewardEngine.Levels(RewardEngine.Applicable(await Registry().InForce(), profile.State.DepartmentId, clock.GetUtcNow()));
        _completedPackages = [.. await ledger.CompletedPackages(LearnerId)];
    }

    private ISchemeRegistryGrain? _registry;

    private ISchemeRegistryGrain Registry() => _registry ??= GrainFactory.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key);

    /// <summary>Loads what schemes awarded for the day <paramref name="day"/> from the ledger.</summary>
    private async Task LoadDay(DateTimeOffset day)
    {
        _day = day;
        _xpToday = 0;
        _xpTodayByRule.Clear();
        foreach (var entry in await ledger.ReadEntriesOccurred(LearnerId, day, day.AddDays(1))) CountToday(entry);
    }

    /// <summary>Counts a scheme award of the loaded day; challenge points and corrections do not use up the caps.</summary>
    private void CountToday(LedgerEntry entry)
    {
        if (entry.Kind != LedgerEntryKind.Xp || entry.Amount <= 0 || entry.SchemeId is null) return;
        if (entry.OccurredAt < _day || entry.OccurredAt >= _day.AddDays(1)) return;
        _xpToday += entry.Amount;
        if (entry.SchemeId is not null && entry.RuleId is not null)
        {
            var key = AwardContext.RuleKey(entry.SchemeId, entry.RuleId);
            _xpTodayByRule[key] = _xpTodayByRule.GetValueOrDefault(key) + entry.Amount;
        }
    }

    public async Task<LearnerSnapshot> Register(RegisterLearner command)
    {
        if (profile.RecordExists) throw DomainException.Conflict($"Learner '{LearnerId}' is already registered.");
        var displayName = Validate.Name(command.DisplayName, "input.displayName");
        var departmentId = Validate.Id(command.DepartmentId, "input.departmentId");
        if (!Enum.IsDefined(command.Visibility))
            throw DomainException.BadInput("input.visibility", "input.visibility is not a known choice.");
        if (await GrainFactory.Department(departmentId).Get() is null)
            throw DomainException.NotFound("Department", departmentId);

        var now = clock.GetUtcNow();
        // Account first: if the profile write then fails, a retried registration finds no profile and
        // repeats both steps; the account upsert is harmless to repeat.
        await ledger.OpenAccount(LearnerId, departmentId, now);
        profile.State = new LearnerProfileState
        {
            DisplayName = displayName,
            DepartmentId = departmentId,
            Visibility = command.Visibility,
            Pseudonym = PseudonymFor(LearnerId),
            RegisteredAt = now,
        };
        await profile.WriteStateAsync();
        _account = await ledger.LoadAccount(LearnerId);
        return Snapshot();
    }

    public async Task<LearnerSnapshot> SetVisibility(PublicVisibility visibility)
    {
        RequireAccount();
        if (!Enum.IsDefined(visibility))
            throw DomainException.BadInput("visibility", "visibility is not a known choice.");
        if (profile.State.Visibility == visibility) return Snapshot();
        var before = profile.State.Visibility;
        profile.State.Visibility = visibility;
        try
        {
            await profile.WriteStateAsync();
        }
        catch
        {
            profile.State.Visibility = before;
            throw;
        }
        return Snapshot();
    }

    public Task<LearnerSnapshot?> Get() => Task.FromResult(profile.RecordExists && _account is not null ? Snapshot() : null);

    public async Task<ActivityOutcome> RecordActivity(ActivityStatement statement)
    {
        var account = RequireAccount();
        var now = clock.GetUtcNow();
        statement = StatementRules.Validate(statement, now);
        var payloadHash = StatementRules.PayloadHash(statement);

        // A key this activation saw is answered from memory. Any other key is taken as new: if it was recorded
        // before (by an earlier activation), the activities table's unique key refuses the commit below and the
        // first result is read then. So a new statement costs no read.
        if (_recent.TryGet(statement.IdempotencyKey, out var knownHash, out var known)) return Replay(knownHash, payloadHash, known);
        var occurredAt = statement.Timestamp ?? now;
        statement = statement with { Timestamp = occurredAt };

        var activityId = Guid.CreateVersion7().ToString("n");
        var drafts = await Evaluate(statement, occurredAt, now);
        var entries = Chain(account, drafts.Select(d => new EntryDraft(LedgerEntryKind.Xp, d.Amount, null, d.Reason,
            activityId, null, d.RuleId, occurredAt, d.SchemeId, d.SchemeVersion)), now);
        AddLevelUp(account, entries, now);
        var completedPackage = statement is { Verb: "completed", Object.Kind: "package" } && !_completedPackages.Contains(statement.Object.Id);
        await AddBadges(account, entries, now, activityId, occurredAt, new BadgeFacts(0, 0,
            PackageTags(completedPackage ? [.. _completedPackages, statement.Object.Id] : _completedPackages), 0,
            statement.Object.Kind == "quiz" && statement.Result?.Score >= 100, statement.Result?.LearningGain, statement.Context?.PackageId, null, null));
        var awarded = (int)Math.Min(int.MaxValue, drafts.Sum(d => (long)d.Amount));
        var activity = new ActivityRecord(activityId, LearnerId, statement.IdempotencyKey, payloadHash, statement.Verb,
            statement.Object.Kind, statement.Object.Id, StatementRules.ToJson(statement), awarded, account.Xp + awarded,
            occurredAt, now);

        try
        {
            await Commit(account, entries, activity, now);
        }
        catch (DuplicateActivityException)
        {
            // This key was recorded before: by an earlier activation (a retry after a restart or a long pause), or by
            // another activation around a cluster split, whose view of the ledger may be ahead; its result stands.
            DeactivateOnIdle();
            return await FindEarlierOutcome(statement.IdempotencyKey, payloadHash)
                   ?? throw new InvalidOperationException("A duplicate activity vanished.");
        }

        _activityDays?.Add(DayOf(occurredAt));
        _recentTimes.AddLast(occurredAt);
        if (_recentTimes.Count > RecentTimesKept) _recentTimes.RemoveFirst();
        if (completedPackage) _completedPackages.Add(statement.Object.Id);
        var outcome = new ActivityOutcome(activityId, false, awarded, _account!.Xp, entries);
        _recent.Remember(statement.IdempotencyKey, payloadHash, outcome);
        return outcome;
    }

    public async Task<CompletedChallenge> CompleteChallenge(ChallengeCompletionAward award)
    {
        var account = RequireAccount();
        if (account.ChallengeEntries.Any(e => e.ChallengeId == award.ChallengeId))
            throw DomainException.Conflict($"Learner '{LearnerId}' has already completed challenge '{award.ChallengeId}'.");

        var now = clock.GetUtcNow();
        var (reason, ruleId) = award.WinnerRank is { } rank
            ? ($"completed challenge '{award.ChallengeId}' as winner #{rank}", $"{WinnerRulePrefix}{rank}")
            : ($"completed challenge '{award.ChallengeId}'", "challenge.completion");
        var entries = Chain(account, [new EntryDraft(LedgerEntryKind.Xp, award.Points, null, reason, null,
            award.ChallengeId, ruleId, award.CompletedAt)], now);
        _applicable = RewardEngine.Applicable(await Registry().InForce(), profile.State.DepartmentId, now);
        _levels = RewardEngine.Levels(_applicable);
        AddLevelUp(account, entries, now);
        await AddBadges(account, entries, now, null, now, new BadgeFacts(0, 0, PackageTags(_completedPackages), 0, false, null, null,
            award.ChallengeId, award.WinnerRank, award.Kind == ChallengeKind.Team && await InCrossDepartmentTeam()));
        await Commit(account, entries, null, now);
        return new CompletedChallenge(award.ChallengeId, entries[0].OccurredAt, award.Points, award.WinnerRank);
    }

    public async Task<EarnedBadge> AwardBadge(BadgeAward award)
    {
        var account = RequireAccount();
        var badgeId = Validate.Id(award.BadgeId, "input.badgeId");
        var reason = Validate.Name(award.Reason, "input.reason", Validate.MaxTextLength);
        if (account.BadgeEntries.Any(e => e.BadgeId == badgeId))
            throw DomainException.Conflict($"Learner '{LearnerId}' already holds badge '{badgeId}'.");

        var now = clock.GetUtcNow();
        var entries = Chain(account, [new EntryDraft(LedgerEntryKind.Badge, 0, badgeId, reason, null, null,
            "manual", now)], now);
        await Commit(account, entries, null, now);
        return ToBadge(entries[0]);
    }

    public async Task<LedgerEntry> Compensate(Compensation compensation)
    {
        var account = RequireAccount();
        var now = clock.GetUtcNow();
        var entries = Chain(account, [new EntryDraft(LedgerEntryKind.Xp, compensation.Amount, null,
            Validate.Name(compensation.Reason, "reason", Validate.MaxTextLength), null, null, compensation.RuleId, now)], now);
        _applicable = RewardEngine.Applicable(await Registry().InForce(), profile.State.DepartmentId, now);
        _levels = RewardEngine.Levels(_applicable);
        AddLevelUp(account, entries, now);
        await AddBadges(account, entries, now, null, now, new BadgeFacts(0, 0, PackageTags(_completedPackages), 0, false, null, null, null, null));
        await Commit(account, entries, null, now);
        return entries[0];
    }

    // Revocations: a new entry that takes an award back (never an edit), told to the learner live and kept in their ledger.
    // A revoked badge stays in BadgeEntries, so the engine does not give it again by itself.

    public async Task<LedgerEntry> RevokeAward(AwardRevocation revocation)
    {
        var account = RequireAccount();
        var reason = Validate.Name(revocation.Reason, "input.reason", Revocation.MaxReasonLength);
        if (revocation.Seq < 1 || revocation.Seq > account.EntryCount) throw DomainException.NotFound("Ledger entry", $"{LearnerId}#{revocation.Seq}");
        var target = (await ledger.ReadEntries(LearnerId, revocation.Seq - 1, 1)).Single();
        if (target.Kind != LedgerEntryKind.Xp || target.Amount <= 0 || Revocation.RevokedSeq(target) is not null)
            throw new DomainException(ErrorCodes.NotRevocable, "Only an XP award can be revoked (not a badge, a level-up or a correction).", "input.seq");
        if (await ledger.FindRevocation(LearnerId, target.Seq) is { } earlier) return earlier;

        var now = clock.GetUtcNow();
        // It happened when the award did, so the award's board windows lose it.
        var entries = Chain(account, [new EntryDraft(LedgerEntryKind.Xp, -target.Amount, null, reason, null, null,
            Revocation.RuleFor(target.Seq), target.OccurredAt)], now);
        await Commit(account, entries, null, now);
        live.Publish(new Live.AwardRevokedEvent(LearnerId, entries[0].Seq, target.Seq, target.Amount, null, reason, now));
        return entries[0];
    }

    public async Task<LedgerEntry> RevokeBadge(BadgeRevocation revocation)
    {
        var account = RequireAccount();
        var badgeId = Validate.Id(revocation.BadgeId, "input.badgeId");
        var reason = Validate.Name(revocation.Reason, "input.reason", Revocation.MaxReasonLength);
        var awarded = account.BadgeEntries.LastOrDefault(b => b.BadgeId == badgeId)
                      ?? throw DomainException.NotFound("Badge of this learner", badgeId);
        if (account.BadgeRevocations?.FirstOrDefault(r => Revocation.RevokedSeq(r) == awarded.Seq) is { } earlier) return earlier;

        var now = clock.GetUtcNow();
        var entries = Chain(account, [new EntryDraft(LedgerEntryKind.BadgeRevoked, 0, badgeId, reason, null, null,
            Revocation.RuleFor(awarded.Seq), now)], now);
        await Commit(account, entries, null, now);
        _account = _account! with { BadgeRevocations = [.. account.BadgeRevocations ?? [], entries[0]] };
        live.Publish(new Live.AwardRevokedEvent(LearnerId, entries[0].Seq, awarded.Seq, 0, badgeId, reason, now));
        return entries[0];
    }

    public async Task AddTeam(string teamId)
    {
        RequireAccount();
        if (profile.State.TeamIds.Contains(teamId)) return;
        profile.State.TeamIds.Add(teamId);
        try
        {
            await profile.WriteStateAsync();
        }
        catch
        {
            profile.State.TeamIds.Remove(teamId);
            throw;
        }
    }

    private async Task<ActivityOutcome?> FindEarlierOutcome(string key, string payloadHash)
    {
        if (_recent.TryGet(key, out var knownHash, out var known))
            return Replay(knownHash, payloadHash, known);

        if (await ledger.FindActivity(LearnerId, key) is not { } stored) return null;
        var outcome = new ActivityOutcome(stored.Record.ActivityId, false, stored.Record.XpAwarded, stored.Record.XpTotal, stored.Entries);
        _recent.Remember(key, stored.Record.PayloadHash, outcome);
        return Replay(stored.Record.PayloadHash, payloadHash, outcome);
    }

    private static ActivityOutcome Replay(string storedHash, string payloadHash, ActivityOutcome first) =>
        storedHash == payloadHash
            ? first with { Replayed = true }
            : throw new DomainException(ErrorCodes.IdempotencyKeyReused,
                "This idempotency key was already used for a different statement.", "input.idempotencyKey");

    /// <summary>What the schemes in force at the statement's time award for it, within today's caps.</summary>
    private async Task<IReadOnlyList<AwardDraft>> Evaluate(ActivityStatement statement, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var day = settings.StartOfDay(occurredAt);
        if (day != _day) await LoadDay(day);
        var lastMinute = _recentTimes.Count(t => t > occurredAt.AddMinutes(-1) && t <= occurredAt);

        var applicable = RewardEngine.Applicable(await Registry().InForce(), profile.State.DepartmentId, occurredAt);
        _applicable = applicable;
        _levels = RewardEngine.Levels(applicable);
        var needsHistory = applicable.Any(v => v.Definition.Rules.Any(r => r.FirstAttempt is not null));
        var firstAttempt = !needsHistory || !await ledger.HasActivity(LearnerId, statement.Verb, statement.Object.Id);
        var tags = statement.Context is { PackageId: { } packageId, PackageVersion: { } version }
            ? (catalog.Get(packageId, version)?.Package.Manifest.Tags ?? []).ToHashSet()
            : [];
        var context = new AwardContext(profile.State.DepartmentId, _xpToday, _xpTodayByRule, lastMinute, firstAttempt, tags);
        return RewardEngine.Evaluate(applicable, context, statement, occurredAt, settings.Zone);
    }

    /// <summary>Appends a level-up entry when these entries carry the learner into a new level.</summary>
    private void AddLevelUp(AccountSnapshot account, List<LedgerEntry> entries, DateTimeOffset now)
    {
        var before = _levels.For(account.Xp);
        var after = _levels.For(account.Xp + entries.Sum(e => (long)e.Amount));
        if (after.Number <= before.Number) return;
        Extend(account, entries, new EntryDraft(LedgerEntryKind.LevelUp, 0, null,
            $"reached level {after.Number} {after.Name.ZhCn} / {after.Name.En}", entries.LastOrDefault()?.ActivityId, null,
            $"level.{after.Number}", now), now);
    }

    /// <summary>Appends the badges the schemes in force award for the facts as they are after these entries.</summary>
    private async Task AddBadges(AccountSnapshot account, List<LedgerEntry> entries, DateTimeOffset now, string? activityId,
        DateTimeOffset occurredAt, BadgeFacts partial)
    {
        var held = account.BadgeEntries.Select(b => b.BadgeId!).ToHashSet(StringComparer.Ordinal);
        var xp = account.Xp + entries.Sum(e => (long)e.Amount);
        var streak = BadgeEngine.NeedsStreak(_applicable, held) ? await StreakDays(occurredAt) : 0;
        var facts = partial with { Xp = xp, Level = _levels.For(xp).Number, StreakDays = streak };
        foreach (var badge in BadgeEngine.Earned(_applicable, facts, held))
            Extend(account, entries, new EntryDraft(LedgerEntryKind.Badge, 0, badge.BadgeId, badge.Reason, activityId, null, badge.RuleId,
                occurredAt, badge.SchemeId, badge.SchemeVersion), now);
    }

    private async Task<bool> InCrossDepartmentTeam()
    {
        foreach (var teamId in profile.State.TeamIds)
            if (await GrainFactory.Team(teamId).Get() is { IsCrossDepartment: true }) return true;
        return false;
    }

    /// <summary>Consecutive days with activity up to the day of <paramref name="at"/>, that day included.</summary>
    private async Task<int> StreakDays(DateTimeOffset at)
    {
        var today = DayOf(at);
        var since = ActivityStreak.Since(at);
        if (_activityDays is null || since < _activityDaysSince)
        {
            // Read once per activation (further back than needed, for backdated statements); recorded days are added as they commit.
            _activityDaysSince = Min(since, ActivityStreak.Since(clock.GetUtcNow().AddDays(-ActivityStreak.LookBackDays)));
            _activityDays = ActivityStreak.Days(await ledger.ActivityTimes(LearnerId, _activityDaysSince), settings.Zone);
        }
        // The statement being recorded makes its own day active.
        return _activityDays.Contains(today) ? ActivityStreak.Ending(_activityDays, today) : 1 + ActivityStreak.Ending(_activityDays, today.AddDays(-1));

        static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }

    private DateOnly DayOf(DateTimeOffset at) => ActivityStreak.DayOf(at, settings.Zone);

    private IReadOnlyList<IReadOnlySet<string>> PackageTags(IEnumerable<string> packageIds) =>
        packageIds.Select(id => (IReadOnlySet<string>)(catalog.Latest(id)?.Package.Manifest.Tags ?? []).ToHashSet()).ToList();

    private void Extend(AccountSnapshot account, List<LedgerEntry> entries, EntryDraft d, DateTimeOffset now)
    {
        var last = entries.Count > 0 ? entries[^1] : null;
        entries.Add(LedgerHash.Append(LearnerId, (last?.Seq ?? account.EntryCount) + 1, last?.Hash ?? account.LastHash, d.Kind,
            d.Amount, d.BadgeId, d.Reason, d.ActivityId, d.ChallengeId, d.RuleId, d.OccurredAt, now, d.SchemeId, d.SchemeVersion));
    }

    private sealed record EntryDraft(
        LedgerEntryKind Kind, int Amount, string? BadgeId, string Reason, string? ActivityId, string? ChallengeId,
        string? RuleId, DateTimeOffset OccurredAt, string? SchemeId = null, int? SchemeVersion = null);

    private List<LedgerEntry> Chain(AccountSnapshot account, IEnumerable<EntryDraft> drafts, DateTimeOffset now)
    {
        var entries = new List<LedgerEntry>();
        var (seq, previous) = (account.EntryCount, account.LastHash);
        foreach (var d in drafts)
        {
            var entry = LedgerHash.Append(LearnerId, ++seq, previous, d.Kind, d.Amount, d.BadgeId, d.Reason,
                d.ActivityId, d.ChallengeId, d.RuleId, d.OccurredAt, now, d.SchemeId, d.SchemeVersion);
            entries.Add(entry);
            previous = entry.Hash;
        }
        return entries;
    }

    /// <summary>Writes durably, then (only then) moves the in-memory account forward.</summary>
    private async Task Commit(AccountSnapshot account, List<LedgerEntry> entries, ActivityRecord? activity, DateTimeOffset now)
    {
        var newXp = account.Xp + entries.Sum(e => (long)e.Amount);
        try
        {
            await ledger.Append(new LedgerAppend(LearnerId, account.EntryCount, newXp, entries, activity, now));
        }
        catch (LedgerConcurrencyException)
        {
            // Someone else wrote this learner's ledger: this activation's view is stale. Start afresh.
            DeactivateOnIdle();
            throw new DomainException(ErrorCodes.Conflict, "The learner's ledger changed concurrently; retry the request.");
        }

        if (entries.Count == 0) return;
        foreach (var entry in entries) CountToday(entry);
        foreach (var entry in entries)
        {
            if (entry.Kind == LedgerEntryKind.Badge) live.Publish(new Live.BadgeAwardedEvent(LearnerId, entry.BadgeId!, entry.Reason, entry.RecordedAt));
            if (entry.Kind == LedgerEntryKind.LevelUp && entry.RuleId is { } rule && int.TryParse(rule.AsSpan("level.".Length), out var level))
                live.Publish(new Live.LevelUpEvent(LearnerId, level, _levels.Name(level), entry.RecordedAt));
        }
        _account = account with
        {
            Xp = newXp,
            EntryCount = entries[^1].Seq,
            LastHash = entries[^1].Hash,
            BadgeEntries = [.. account.BadgeEntries, .. entries.Where(e => e.Kind == LedgerEntryKind.Badge)],
            ChallengeEntries = [.. account.ChallengeEntries, .. entries.Where(e => e.ChallengeId is not null)],
        };
    }

    private AccountSnapshot RequireAccount() =>
        profile.RecordExists && _account is not null ? _account : throw DomainException.NotFound("Learner", LearnerId);

    private LearnerSnapshot Snapshot()
    {
        var account = _account!;
        var state = profile.State;
        return new LearnerSnapshot(
            new LearnerProfile(LearnerId, state.DisplayName, state.DepartmentId, state.TeamIds.ToList(), state.Visibility,
                state.Pseudonym, state.RegisteredAt),
            account.Xp,
            _levels.For(account.Xp),
            account.HeldBadgeEntries.Select(ToBadge).ToList(),
            account.ChallengeEntries.Select(e => new CompletedChallenge(e.ChallengeId!, e.OccurredAt, e.Amount, WinnerRankOf(e))).ToList(),
            account.EntryCount);
    }

    private static EarnedBadge ToBadge(LedgerEntry e) => new(e.BadgeId!, e.RecordedAt, e.Reason, e.Seq, e.SchemeId, e.SchemeVersion, e.RuleId);

    /// <summary>A winner's entry carries its rank in the rule id, e.g. <c>challenge.winner.3</c>.</summary>
    private static int? WinnerRankOf(LedgerEntry e) =>
        e.RuleId is { } rule && rule.StartsWith(WinnerRulePrefix, StringComparison.Ordinal)
        && int.TryParse(rule.AsSpan(WinnerRulePrefix.Length), out var rank) ? rank : null;

    /// <summary>A stable, non-reversible public name, e.g. 学员-3F9A1C.</summary>
    private static string PseudonymFor(string learnerId) =>
        "学员-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("pseudonym:" + learnerId)))[..6];
}
