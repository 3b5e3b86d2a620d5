using Gamified.Activity;
using Gamified.Challenges;
using Gamified.Ledger;
using Orleans.Concurrency;

namespace Gamified.Learners;

/// <summary>
/// One learner, keyed by learner id. The grain is the single writer of the learner's ledger: every
/// XP or badge change goes through it, so per-learner ordering, idempotency and the hash chain need no locks.
/// </summary>
[Alias("gamified.ILearnerGrain")]
public interface ILearnerGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<LearnerSnapshot> Register(RegisterLearner command);

    /// <summary>The learner's own choice of how public boards name them; the pseudonym stays the same.</summary>
    [Alias("SetVisibility")]
    Task<LearnerSnapshot> SetVisibility(PublicVisibility visibility);

    /// <summary>
    /// Erases the learner's name, contacts and the text of their ledger entries' reasons (personal-data erasure): boards show
    /// their pseudonym, XP, badges and the hash chain stay and still verify. Repeating it changes nothing.
    /// </summary>
    [Alias("ErasePersonalData")]
    Task<LearnerSnapshot> ErasePersonalData();

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<LearnerSnapshot?> Get();

    /// <summary>
    /// Like <see cref="Get"/>, for a learner the staff import listed after this activation found no one: takes their
    /// pending record now. Not interleaved (it may write), so callers ask it only when <see cref="Get"/> found no one.
    /// </summary>
    [Alias("Claim")]
    Task<LearnerSnapshot?> Claim();

    [Alias("RecordActivity")]
    Task<ActivityOutcome> RecordActivity(ActivityStatement statement);

    [Alias("CompleteChallenge")]
    Task<CompletedChallenge> CompleteChallenge(ChallengeCompletionAward award);

    [Alias("AwardBadge")]
    Task<EarnedBadge> AwardBadge(BadgeAward award);

    [Alias("Compensate")]
    Task<LedgerEntry> Compensate(Compensation compensation);

    /// <summary>Writes a compensating entry for one XP award; revoking it again returns the first revocation.</summary>
    [Alias("RevokeAward")]
    Task<LedgerEntry> RevokeAward(AwardRevocation revocation);

    /// <summary>Takes a held badge off the learner; revoking it again returns the first revocation.</summary>
    [Alias("RevokeBadge")]
    Task<LedgerEntry> RevokeBadge(BadgeRevocation revocation);

    /// <summary>Creates or updates the learner from an HR record (the staff import); repeating it changes nothing.</summary>
    [Alias("Sync")]
    Task<StaffSyncOutcome> Sync(StaffRecord record);

    /// <summary>Moves the learner to another department from now on; XP earned before stays with the old one.</summary>
    [Alias("Move")]
    Task<LearnerSnapshot> Move(string departmentId);

    /// <summary>Takes the learner off boards and plans' lists and stops them scoring; the ledger stays. Harmless to repeat.</summary>
    [Alias("Deactivate")]
    Task<LearnerSnapshot> Deactivate();

    [Alias("Reactivate")]
    Task<LearnerSnapshot> Reactivate();

    [Alias("AddTeam")]
    Task AddTeam(string teamId);

    [Alias("RemoveTeam")]
    Task RemoveTeam(string teamId);
}
