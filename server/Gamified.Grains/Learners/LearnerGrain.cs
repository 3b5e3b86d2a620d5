using Gamified.Activity;
using Gamified.Content;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Ledger;
using Gamified.Rewards;

namespace Gamified.Learners;

/// <summary>
/// A learner: profile, privacy choice and ledger head. It coordinates; the pure types compute: <see cref="StatementRules"/>
/// checks a statement, <see cref="RewardEngine"/> decides its awards within the caps, <see cref="AwardPipeline"/> turns
/// awards into chained entries with level-ups and badges, and the ledger store writes them in one transaction. Statements,
/// challenge completions and corrections all take that one path.
/// </summary>
public sealed class LearnerGrain(
    [PersistentState("profile", StorageNames.Main)] IPersistentState<LearnerProfileState> profile,
    ILedgerStore ledger,
    PackageCatalog catalog,
    RewardSettings settings,
    Live.ILiveEvents live,
    Pseudonyms pseudonyms,
    TimeProvider clock) : Grain, ILearnerGrain
{
    private const int RecentOutcomeCapacity = 1024;

    private readonly RecentOutcomes _recent = new(RecentOutcomeCapacity);
    private readonly MinuteWindow _lastMinute = new();
    private readonly DayCounters _today = new();
    private ActivityDays? _activityDays;
    private AccountSnapshot? _account;
    private LevelTable _levels = LevelTable.Default;
    private List<string> _completedPackages = [];
    private ISchemeRegistryGrain? _registry;
    // Computed from the server secret, never stored: the stored one of older versions was a plain hash anyone could redo.
    private string _pseudonym = "";

    private string LearnerId => this.EntityId();

    private ActivityDays Days => _activityDays ??= new ActivityDays(LearnerId, ledger, settings, clock);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pseudonym = await pseudonyms.For(LearnerId);
        if (!profile.RecordExists) return;
        profile.State.Pseudonym = "";   // the next write drops an old version's stored one
        _account = await ledger.LoadAccount(LearnerId);
        if (_account is null)
        {
            // The profile was written but the account was not (a crash between the two): finish the job.
            await ledger.OpenAccount(LearnerId, profile.State.DepartmentId, profile.State.RegisteredAt);
            _account = await ledger.LoadAccount(LearnerId);
        }
        await SchemesAt(clock.GetUtcNow());
        _completedPackages = [.. await ledger.CompletedPackages(LearnerId)];
    }

    /// <summary>The schemes in force for this learner at <paramref name="at"/>; their levels become the ones shown.</summary>
    private async Task<IReadOnlyList<SchemeVersion>> SchemesAt(DateTimeOffset at)
    {
        _registry ??= GrainFactory.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key);
        var applicable = RewardEngine.Applicable(await _registry.InForce(), profile.State.DepartmentId, at);
        _levels = RewardEngine.Levels(applicable);
        return applicable;
    }

    /// <summary>Makes sure the day counters hold the day of <paramref name="at"/>.</summary>
    private async Task CountDayOf(DateTimeOffset at)
    {
        var day = settings.StartOfDay(at);
        if (day != _today.Day) _today.Reset(day, await ledger.ReadEntriesOccurred(LearnerId, day, day.AddDays(1)));
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
        await profile.WriteOrUndoAsync(() => profile.State.Visibility = before);
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
        if (_recent.TryGet(statement.IdempotencyKey, out var knownHash, out var known)) return Replay(knownHash, payloadHash, known, statement.Attestation);
        var scoredAt = statement.ScoredAt(now);

        var activityId = Guid.CreateVersion7().ToString("n");
        var applicable = await SchemesAt(scoredAt);
        var awards = await Evaluate(statement, applicable, scoredAt);
        var witnessed = statement.IsWitnessed();
        var completedPackage = witnessed && statement is { Verb: "completed", Object.Kind: "package" } && !_completedPackages.Contains(statement.Object.Id);
        var held = HeldBadges(account);
        var facts = BadgeFacts.AfterStatement(
            PackageTags(completedPackage ? [.. _completedPackages, statement.Object.Id] : _completedPackages),
            BadgeEngine.NeedsStreak(applicable, held) && witnessed ? await Days.StreakEndingAt(scoredAt) : 0,
            witnessed && statement.Object.Kind == "quiz" && statement.Result?.Score >= 100,
            statement.Attestation == Attestation.Server ? statement.Result?.LearningGain : null,
            statement.Context?.PackageId);
        var entries = AwardPipeline.Chain(new AwardInput(Head(account, held), [.. awards.Select(a => EntryDraft.From(a, activityId, scoredAt))],
            applicable, _levels, facts, activityId, scoredAt, now));
        var awarded = (int)Math.Min(int.MaxValue, awards.Sum(d => (long)d.Amount));
        var activity = new ActivityRecord(activityId, LearnerId, statement.IdempotencyKey, payloadHash, statement.Verb,
            statement.Object.Kind, statement.Object.Id, StatementRules.ToJson(statement), awarded, account.Xp + awarded,
            scoredAt, now);

        try
        {
            await Commit(account, entries, activity, now);
        }
        catch (DuplicateActivityException)
        {
            // This key was recorded before: by an earlier activation (a retry after a restart or a long pause), or by
            // another activation around a cluster split, whose view of the ledger may be ahead; its result stands.
            DeactivateOnIdle();
            return await FindEarlierOutcome(statement.IdempotencyKey, payloadHash, statement.Attestation)
                   ?? throw new InvalidOperationException("A duplicate activity vanished.");
        }

        if (witnessed) Days.Add(scoredAt);
        _lastMinute.Add(scoredAt);
        if (completedPackage) _completedPackages.Add(statement.Object.Id);
        var outcome = new ActivityOutcome(activityId, false, awarded, _account!.Xp, entries, statement.Attestation);
        _recent.Remember(statement.IdempotencyKey, payloadHash, outcome);
        return outcome;
    }

    public async Task<CompletedChallenge> CompleteChallenge(ChallengeCompletionAward award)
    {
        var account = RequireAccount();
        if (account.ChallengeEntries.Any(e => e.ChallengeId == award.ChallengeId))
            throw DomainException.Conflict($"Learner '{LearnerId}' has already completed challenge '{award.ChallengeId}'.");

        var now = clock.GetUtcNow();
        var applicable = await SchemesAt(now);
        await CountDayOf(award.CompletedAt);
        // Challenge points pass through the daily cap like any award: a challenge is no way around it.
        var points = RewardEngine.WithinDailyCap(applicable, _today.Xp, award.Points);
        var (reason, ruleId) = award.WinnerRank is { } rank
            ? ($"completed challenge '{award.ChallengeId}' as winner #{rank}", LearnerSnapshots.WinnerRule(rank))
            : ($"completed challenge '{award.ChallengeId}'", "challenge.completion");
        if (points < award.Points) reason += $" ({award.Points} points, {points} within today's cap)";
        var held = HeldBadges(account);
        var facts = BadgeFacts.AfterChallenge(PackageTags(_completedPackages), award.ChallengeId, award.WinnerRank,
            award.Kind == ChallengeKind.Team && await InCrossDepartmentTeam());
        var entries = AwardPipeline.Chain(new AwardInput(Head(account, held),
            [new EntryDraft(LedgerEntryKind.Xp, points, null, reason, null, award.ChallengeId, ruleId, award.CompletedAt)],
            applicable, _levels, facts, null, now, now));
        await Commit(account, entries, null, now);
        return new CompletedChallenge(award.ChallengeId, entries[0].OccurredAt, points, award.WinnerRank);
    }

    public async Task<EarnedBadge> AwardBadge(BadgeAward award)
    {
        var account = RequireAccount();
        var badgeId = Validate.Id(award.BadgeId, "input.badgeId");
        var reason = Validate.Name(award.Reason, "input.reason", Validate.MaxTextLength);
        // A badge revoked earlier may be given again by hand (the reward engine never gives it again by itself).
        if (account.HeldBadgeEntries.Any(e => e.BadgeId == badgeId))
            throw DomainException.Conflict($"Learner '{LearnerId}' already holds badge '{badgeId}'.");

        var now = clock.GetUtcNow();
        // A badge given by hand is not an award of any scheme: no level or scheme badge can follow from it.
        var entries = AwardPipeline.Chain(new AwardInput(Head(account, HeldBadges(account)),
            [new EntryDraft(LedgerEntryKind.Badge, 0, badgeId, reason, null, null, "manual", now)], [], _levels,
            BadgeFacts.AfterCorrection([]), null, now, now));
        await Commit(account, entries, null, now);
        return LearnerSnapshots.ToBadge(entries[0]);
    }

    public async Task<LedgerEntry> Compensate(Compensation compensation)
    {
        var account = RequireAccount();
        var now = clock.GetUtcNow();
        var applicable = await SchemesAt(now);
        var entries = AwardPipeline.Chain(new AwardInput(Head(account, HeldBadges(account)),
            [new EntryDraft(LedgerEntryKind.Xp, compensation.Amount, null, Validate.Name(compensation.Reason, "reason", Validate.MaxTextLength),
                null, null, compensation.RuleId, now)],
            applicable, _levels, BadgeFacts.AfterCorrection(PackageTags(_completedPackages)), null, now, now));
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
        var entries = Taking(account, new EntryDraft(LedgerEntryKind.Xp, -target.Amount, null, reason, null, null,
            Revocation.RuleFor(target.Seq), target.OccurredAt), now);
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
        var entries = Taking(account, new EntryDraft(LedgerEntryKind.BadgeRevoked, 0, badgeId, reason, null, null,
            Revocation.RuleFor(awarded.Seq), now), now);
        await Commit(account, entries, null, now);
        live.Publish(new Live.AwardRevokedEvent(LearnerId, entries[0].Seq, awarded.Seq, 0, badgeId, reason, now));
        return entries[0];
    }

    /// <summary>A revocation through the one pipeline: it takes away, so no scheme's level or badge can follow from it.</summary>
    private IReadOnlyList<LedgerEntry> Taking(AccountSnapshot account, EntryDraft revocation, DateTimeOffset now) =>
        AwardPipeline.Chain(new AwardInput(Head(account, HeldBadges(account)), [revocation], [], _levels, BadgeFacts.AfterCorrection([]), null, now, now));

    public async Task AddTeam(string teamId)
    {
        RequireAccount();
        if (profile.State.TeamIds.Contains(teamId)) return;
        profile.State.TeamIds.Add(teamId);
        await profile.WriteOrUndoAsync(() => profile.State.TeamIds.Remove(teamId));
    }

    private async Task<ActivityOutcome?> FindEarlierOutcome(string key, string payloadHash, Attestation attestation)
    {
        if (_recent.TryGet(key, out var knownHash, out var known))
            return Replay(knownHash, payloadHash, known, attestation);

        if (await ledger.FindActivity(LearnerId, key) is not { } stored) return null;
        var outcome = new ActivityOutcome(stored.Record.ActivityId, false, stored.Record.XpAwarded, stored.Record.XpTotal, stored.Entries,
            StatementRules.FromJson(stored.Record.StatementJson).Attestation);
        _recent.Remember(key, stored.Record.PayloadHash, outcome);
        return Replay(stored.Record.PayloadHash, payloadHash, outcome, attestation);
    }

    /// <summary>
    /// The first outcome again, for the same statement from the same kind of witness. The same payload under another
    /// attestation is refused rather than replayed: a manager's statement must not come back as the learner's earlier
    /// unscored claim, silently worth nothing.
    /// </summary>
    private static ActivityOutcome Replay(string storedHash, string payloadHash, ActivityOutcome first, Attestation attestation) =>
        storedHash == payloadHash && first.Attestation == attestation
            ? first with { Replayed = true }
            : throw new DomainException(ErrorCodes.IdempotencyKeyReused,
                "This idempotency key was already used for a different statement.", "input.idempotencyKey");

    /// <summary>What the schemes in force at the statement's scoring time award for it, within that day's caps.</summary>
    private async Task<IReadOnlyList<AwardDraft>> Evaluate(ActivityStatement statement, IReadOnlyList<SchemeVersion> applicable, DateTimeOffset scoredAt)
    {
        await CountDayOf(scoredAt);
        var needsHistory = applicable.Any(v => v.Definition.Rules.Any(r => r.FirstAttempt is not null));
        var firstAttempt = !needsHistory || !await ledger.HasActivity(LearnerId, statement.Verb, statement.Object.Id);
        var tags = statement.Context is { PackageId: { } packageId, PackageVersion: { } version }
            ? (catalog.Get(packageId, version)?.Package.Manifest.Tags ?? []).ToHashSet()
            : [];
        var context = new AwardContext(profile.State.DepartmentId, _today.Xp, _today.ByRule, _lastMinute.CountBefore(scoredAt), firstAttempt, tags);
        return RewardEngine.Evaluate(applicable, context, statement, scoredAt, settings.Zone);
    }

    private async Task<bool> InCrossDepartmentTeam()
    {
        foreach (var teamId in profile.State.TeamIds)
            if (await GrainFactory.Team(teamId).Get() is { IsCrossDepartment: true }) return true;
        return false;
    }

    private IReadOnlyList<IReadOnlySet<string>> PackageTags(IEnumerable<string> packageIds) =>
        packageIds.Select(id => (IReadOnlySet<string>)(catalog.Latest(id)?.Package.Manifest.Tags ?? []).ToHashSet()).ToList();

    private static HashSet<string> HeldBadges(AccountSnapshot account) =>
        account.BadgeEntries.Select(b => b.BadgeId!).ToHashSet(StringComparer.Ordinal);

    private AccountHead Head(AccountSnapshot account, IReadOnlySet<string> held) =>
        new(LearnerId, account.Xp, account.EntryCount, account.LastHash, held);

    /// <summary>Writes durably, then (only then) moves the in-memory account forward.</summary>
    private async Task Commit(AccountSnapshot account, IReadOnlyList<LedgerEntry> entries, ActivityRecord? activity, DateTimeOffset now)
    {
        var after = account.After(entries);
        try
        {
            await ledger.Append(new LedgerAppend(LearnerId, account.EntryCount, after.Xp, entries, activity, now));
        }
        catch (LedgerConcurrencyException)
        {
            // Someone else wrote this learner's ledger: this activation's view is stale. Start afresh.
            DeactivateOnIdle();
            throw new DomainException(ErrorCodes.Conflict, "The learner's ledger changed concurrently; retry the request.");
        }

        _account = after;
        foreach (var entry in entries) _today.Count(entry);
        LearnerEvents.Publish(live, _levels, entries);
    }

    private AccountSnapshot RequireAccount() =>
        profile.RecordExists && _account is not null ? _account : throw DomainException.NotFound("Learner", LearnerId);

    private LearnerSnapshot Snapshot() => LearnerSnapshots.Of(LearnerId, profile.State, _pseudonym, _account!, _levels);
}
