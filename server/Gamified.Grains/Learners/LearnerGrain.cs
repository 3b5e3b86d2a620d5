using Gamified.Activity;
using Gamified.Content;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Ledger;
using Gamified.Notifications;
using Gamified.Rewards;
using Microsoft.Extensions.Logging;

namespace Gamified.Learners;

/// <summary>
/// A learner: profile, privacy choice and ledger head. It coordinates; the pure types compute: <see cref="StatementRules"/>
/// checks a statement, <see cref="RewardEngine"/> decides its awards within the caps, <see cref="AwardPipeline"/> turns
/// awards into chained entries with level-ups and badges, and the ledger store writes them in one transaction. Statements,
/// challenge completions and corrections all take that one path.
/// </summary>
public sealed partial class LearnerGrain(
    [PersistentState("profile", StorageNames.Main)] IPersistentState<LearnerProfileState> profile,
    ILedgerStore ledger,
    PackageCatalog catalog,
    RewardSettings settings,
    Live.ILiveEvents live,
    Pseudonyms pseudonyms,
    ILearnerDirectory directory,
    Telemetry.GamifiedMetrics metrics,
    TimeProvider clock,
    ILogger<LearnerGrain> logger) : Grain, ILearnerGrain
{
    private LevelTable _levels = LevelTable.Default;
    private ISchemeRegistryGrain? _registry;
    private StatementReplays? _replays;
    private LearnerFacts? _facts;
    private LearnerAccount? _ledgerAccount;
    // Computed from the server secret, never stored: the stored one of older versions was a plain hash anyone could redo.
    private string _pseudonym = "";

    private string LearnerId => this.EntityId();

    // Made from the HR record the import listed, and not written since: the record stays the profile's source (it is read
    // again by the next activation) until something changes the profile, whose first write then stores it. So a learner's
    // first activation writes nothing.
    private bool _takenFromPendingRecord;

    /// <summary>The learner exists: a stored profile, or one taken from the HR record and not changed since.</summary>
    private bool Registered => profile.RecordExists || _takenFromPendingRecord;

    private StatementReplays Replays => _replays ??= new StatementReplays(LearnerId, ledger);

    private LearnerFacts Facts => _facts ??= new LearnerFacts(LearnerId, ledger, catalog, settings, clock);

    private LearnerAccount Account => _ledgerAccount ??= new LearnerAccount(LearnerId, ledger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pseudonym = await pseudonyms.For(LearnerId);
        await TakePendingRecord();
        if (Registered) await LoadLearner();
    }

    private async Task LoadLearner()
    {
        profile.State.Pseudonym = "";   // the next write drops an old version's stored one
        // A learner just made from their HR record has the account it opened loaded already.
        if (Account.Head is null) await Account.Load(profile.State.DepartmentId, profile.State.RegisteredAt);
        await SchemesAt(clock.GetUtcNow());
        // Not "no history" for a learner taken from their HR record: one whose profile was never written since may have
        // recorded statements in an earlier activation. An empty ledger is known from the account, though.
        await Facts.Load(noEntries: Account.Head!.EntryCount == 0);
        await ListIfUnlisted();
    }

    public async Task<LearnerSnapshot?> Claim()
    {
        if (!Registered)
        {
            await TakePendingRecord();
            if (!Registered) return null;
            await LoadLearner();
        }
        return Account.Head is null ? null : Snapshot();
    }

    /// <summary>The schemes in force for this learner at <paramref name="at"/>; their levels become the ones shown.</summary>
    private async Task<IReadOnlyList<SchemeVersion>> SchemesAt(DateTimeOffset at)
    {
        _registry ??= GrainFactory.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key);
        var applicable = RewardEngine.Applicable(await _registry.InForce(), profile.State.DepartmentId, at);
        _levels = RewardEngine.Levels(applicable);
        return applicable;
    }

    public async Task<LearnerSnapshot> Register(RegisterLearner command)
    {
        if (Registered) throw DomainException.Conflict($"Learner '{LearnerId}' is already registered.");
        var registering = LearnerProfileState.Registering(command, clock.GetUtcNow());
        DepartmentChecks.RequireActive(await GrainFactory.Department(registering.DepartmentId).Get(), registering.DepartmentId, "input.departmentId");

        // Account first: if the profile write then fails, a retried registration finds no profile and
        // repeats both steps; the account upsert is harmless to repeat.
        await Account.Open(registering.DepartmentId, registering.RegisteredAt);
        registering.Listed = true;
        profile.State = registering;
        await profile.WriteStateAsync();
        await List();
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
        live.Publish(new Live.LearnerShownEvent(LearnerId, clock.GetUtcNow()));   // boards show the choice at once, on every node
        return Snapshot();
    }

    public async Task<LearnerSnapshot> ErasePersonalData()
    {
        RequireAccount();
        // The ledger's texts first: a retry after a failed profile write finds them gone, harmlessly.
        await ledger.EraseReasons(LearnerId);
        if (profile.State.ErasedAt is null)
        {
            var s = profile.State;
            var (name, visibility, email, phone) = (s.DisplayName, s.Visibility, s.Email, s.Phone);
            (s.DisplayName, s.Visibility, s.Email, s.Phone, s.ErasedAt) =
                (LearnerProfileState.ErasedName, PublicVisibility.Pseudonym, null, null, clock.GetUtcNow());
            await profile.WriteOrUndoAsync(() => (s.DisplayName, s.Visibility, s.Email, s.Phone, s.ErasedAt) = (name, visibility, email, phone, null));
        }
        await List();   // the directory row (name, staff digest) as erased; repeatable
        await Account.Load(profile.State.DepartmentId, profile.State.RegisteredAt);   // badges' reasons as now stored
        return Snapshot();
    }

    public Task<LearnerSnapshot?> Get()
    {
        // No learner (yet): null. The activation stays (dropping it here would have lookups that arrive together forwarded
        // from one activation that is going away to the next, and refused); Claim takes a record the staff import listed since.
        return Task.FromResult(Registered && Account.Head is not null ? Snapshot() : null);
    }

    public async Task<ActivityOutcome> RecordActivity(ActivityStatement statement)
    {
        var account = RequireActiveAccount();
        var now = clock.GetUtcNow();
        try
        {
            statement = StatementRules.Validate(statement, now);
        }
        catch (DomainException)
        {
            metrics.StatementRejected();
            throw;
        }
        var payloadHash = StatementRules.PayloadHash(statement);

        // A key this activation saw is answered from memory (or, once its outcome was let go, from the ledger). Any other
        // key is taken as new: if it was recorded before (by an earlier activation), the activities table's unique key
        // refuses the commit below and the first result is read then. So a new statement costs no read.
        if (Replays.TryReplay(statement, payloadHash, out var replayed))
        {
            metrics.StatementReplayed();
            return replayed;
        }
        if (await Replays.Forgotten(statement, payloadHash) is { } earlier)
        {
            metrics.StatementDuplicate();
            return earlier;
        }
        var scoredAt = statement.ScoredAt(now);

        var activityId = Guid.CreateVersion7().ToString("n");
        var applicable = await SchemesAt(scoredAt);
        var awards = await Facts.Evaluate(statement, applicable, profile.State.DepartmentId, scoredAt);
        var completedPackage = Facts.CompletesNewPackage(statement);
        var head = AccountHead.Of(account);
        var facts = await Facts.AfterStatement(statement, completedPackage, applicable, head.HeldBadges, scoredAt);
        var entries = AwardPipeline.Chain(new AwardInput(head, [.. awards.Select(a => EntryDraft.From(a, activityId, scoredAt))],
            applicable, _levels, facts, activityId, scoredAt, now));
        var awarded = (int)Math.Min(int.MaxValue, awards.Sum(d => (long)d.Amount));
        var activity = new ActivityRecord(activityId, LearnerId, statement.IdempotencyKey, payloadHash, statement.Verb,
            statement.Object.Kind, statement.Object.Id, StatementRules.ToJson(statement), awarded, account.Xp + awarded,
            scoredAt, now);

        try
        {
            await Commit(account, entries, activity, now, statement.CapsAs());
        }
        catch (DuplicateActivityException)
        {
            // This key was recorded before: by an earlier activation (a retry after a restart or a long pause), or by
            // another activation around a cluster split, whose view of the ledger may be ahead; its result stands.
            DeactivateOnIdle();
            metrics.StatementDuplicate();
            return await Replays.Earlier(statement, payloadHash);
        }

        metrics.StatementRecorded();
        Facts.Recorded(statement, completedPackage, scoredAt);
        var outcome = new ActivityOutcome(activityId, false, awarded, Account.Head!.Xp, entries, statement.Attestation);
        Replays.Remember(statement.IdempotencyKey, payloadHash, outcome);
        return outcome;
    }

    public async Task<CompletedChallenge> CompleteChallenge(ChallengeCompletionAward award)
    {
        var account = RequireActiveAccount();
        if (account.ChallengeEntries.Any(e => e.ChallengeId == award.ChallengeId))
            throw DomainException.Conflict($"Learner '{LearnerId}' has already completed challenge '{award.ChallengeId}'.");

        var now = clock.GetUtcNow();
        var applicable = await SchemesAt(now);
        // Challenge points pass through the daily cap like any award: a challenge is no way around it.
        var points = RewardEngine.WithinDailyCap(applicable, await Facts.XpOnDayOf(award.CompletedAt), award.Points);
        var facts = Facts.AfterChallenge(award.ChallengeId, award.WinnerRank, award.Kind == ChallengeKind.Team && await InCrossDepartmentTeam());
        var entries = await Commit(account, EntryDrafts.Challenge(award, points), applicable, facts, now);
        return new CompletedChallenge(award.ChallengeId, entries[0].OccurredAt, points, award.WinnerRank);
    }

    /// <summary>A badge given by hand is not an award of any scheme: no level or scheme badge can follow from it.</summary>
    public async Task<EarnedBadge> AwardBadge(BadgeAward award)
    {
        var account = RequireActiveAccount();
        var now = clock.GetUtcNow();
        var entries = await Commit(account, EntryDrafts.ManualBadge(account, award, now), [], BadgeFacts.AfterCorrection([]), now);
        return LearnerSnapshots.ToBadge(entries[0]);
    }

    public async Task<LedgerEntry> Compensate(Compensation compensation)
    {
        var account = RequireAccount();
        var now = clock.GetUtcNow();
        var applicable = await SchemesAt(now);
        return (await Commit(account, EntryDrafts.Correction(compensation, now), applicable, Facts.AfterCorrection(), now))[0];
    }

    // Revocations take away (never edit), so no scheme's level or badge can follow from them; the learner is told live.

    public async Task<LedgerEntry> RevokeAward(AwardRevocation revocation)
    {
        var account = RequireAccount();
        var reason = Validate.Name(revocation.Reason, "input.reason", Revocation.MaxReasonLength);
        if (revocation.Seq < 1 || revocation.Seq > account.EntryCount) throw DomainException.NotFound("Ledger entry", $"{LearnerId}#{revocation.Seq}");
        var target = (await ledger.ReadEntries(LearnerId, revocation.Seq - 1, 1)).Single();
        var draft = EntryDrafts.RevokingAward(target, reason);
        if (await ledger.FindRevocation(LearnerId, target.Seq) is { } earlier) return earlier;

        var now = clock.GetUtcNow();
        var entries = await Commit(account, draft, [], BadgeFacts.AfterCorrection([]), now);
        live.Publish(new Live.AwardRevokedEvent(LearnerId, entries[0].Seq, target.Seq, target.Amount, null, reason, now));
        await Notify([LearnerNotices.Revoked(entries[0], target.Amount, null, reason, await SchemesAt(now))]);
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
        var entries = await Commit(account, EntryDrafts.RevokingBadge(awarded, reason, now), [], BadgeFacts.AfterCorrection([]), now);
        live.Publish(new Live.AwardRevokedEvent(LearnerId, entries[0].Seq, awarded.Seq, 0, badgeId, reason, now));
        await Notify([LearnerNotices.Revoked(entries[0], 0, badgeId, reason, await SchemesAt(now))]);
        return entries[0];
    }

    public async Task AddTeam(string teamId)
    {
        RequireActiveAccount();
        if (profile.State.TeamIds.Contains(teamId)) return;
        profile.State.TeamIds.Add(teamId);
        await profile.WriteOrUndoAsync(() => profile.State.TeamIds.Remove(teamId));
    }

    public async Task RemoveTeam(string teamId)
    {
        if (!profile.State.TeamIds.Remove(teamId)) return;
        await profile.WriteOrUndoAsync(() => profile.State.TeamIds.Add(teamId));
    }

    private async Task<bool> InCrossDepartmentTeam()
    {
        foreach (var teamId in profile.State.TeamIds)
            if (await GrainFactory.Team(teamId).Get() is { IsCrossDepartment: true }) return true;
        return false;
    }

    /// <summary>One entry that is not a statement's award, chained through the same pipeline (levels and badges may follow).</summary>
    private async Task<IReadOnlyList<LedgerEntry>> Commit(AccountSnapshot account, EntryDraft draft, IReadOnlyList<SchemeVersion> applicable,
        BadgeFacts facts, DateTimeOffset now)
    {
        var entries = AwardPipeline.Chain(new AwardInput(AccountHead.Of(account), [draft], applicable, _levels, facts, null, now, now));
        await Commit(account, entries, null, now, null);
        return entries;
    }

    /// <summary>Writes durably, then (only then) moves the account, the day's counters and live subscribers forward.</summary>
    private async Task Commit(AccountSnapshot account, IReadOnlyList<LedgerEntry> entries, ActivityRecord? activity, DateTimeOffset now,
        Attestation? cappedAs)
    {
        // A stale view (another activation wrote this ledger) is dropped: the next call starts afresh.
        await Account.Append(account, entries, activity, now, DeactivateOnIdle);
        Facts.Committed(entries, cappedAs);
        LearnerEvents.Publish(live, _levels, entries);
        if (entries.Any(e => e.Kind == LedgerEntryKind.Badge)) await Notify(LearnerNotices.For(entries, await SchemesAt(now)).ToList());
    }

    /// <summary>
    /// Puts notices in the learner's inbox once the entries are durable. A failure is logged, never thrown: the award stands, and
    /// its entry-keyed notice is the one thing lost (the ledger and the live event still tell the learner).
    /// </summary>
    private async Task Notify(IReadOnlyList<NotificationDraft> drafts)
    {
        foreach (var draft in drafts)
        {
            try
            {
                await GrainFactory.Notifications().Send([LearnerId], draft);
            }
            catch (Exception problem)
            {
                logger.LogWarning(problem, "Notice {Key} for learner {LearnerId} was not stored", draft.Key, LearnerId);
            }
        }
    }

    private AccountSnapshot RequireAccount() =>
        Registered && Account.Head is { } head ? head : throw DomainException.NotFound("Learner", LearnerId);

    private LearnerSnapshot Snapshot() => LearnerSnapshots.Of(LearnerId, profile.State, _pseudonym, Account.Head!, _levels);
}
