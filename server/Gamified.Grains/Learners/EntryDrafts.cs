using Gamified.Challenges;
using Gamified.Common;
using Gamified.Ledger;
using Gamified.Rewards;

namespace Gamified.Learners;

/// <summary>
/// The entries a learner's ledger takes besides a statement's awards, with their rules: a challenge completion, a badge
/// given by hand, a correction and the two revocations. Pure; the learner grain chains and commits what these return.
/// </summary>
internal static class EntryDrafts
{
    /// <summary>A challenge's points, already within the day's cap; the reason says when the cap cut them.</summary>
    public static EntryDraft Challenge(ChallengeCompletionAward award, int points)
    {
        var (reason, ruleId) = award.WinnerRank is { } rank
            ? ($"completed challenge '{award.ChallengeId}' as winner #{rank}", LearnerSnapshots.WinnerRule(rank))
            : ($"completed challenge '{award.ChallengeId}'", "challenge.completion");
        if (points < award.Points) reason += $" ({award.Points} points, {points} within today's cap)";
        return new EntryDraft(LedgerEntryKind.Xp, points, null, reason, null, award.ChallengeId, ruleId, award.CompletedAt);
    }

    /// <summary>A badge given by hand; a badge revoked earlier may be given again this way (the engine never gives it again).</summary>
    public static EntryDraft ManualBadge(AccountSnapshot account, BadgeAward award, DateTimeOffset now)
    {
        var badgeId = Validate.Id(award.BadgeId, "input.badgeId");
        var reason = Validate.Name(award.Reason, "input.reason", Validate.MaxTextLength);
        if (account.HeldBadgeEntries.Any(e => e.BadgeId == badgeId))
            throw DomainException.Conflict($"Learner '{account.LearnerId}' already holds badge '{badgeId}'.");
        return new EntryDraft(LedgerEntryKind.Badge, 0, badgeId, reason, null, null, "manual", now);
    }

    public static EntryDraft Correction(Compensation compensation, DateTimeOffset now) =>
        new(LedgerEntryKind.Xp, compensation.Amount, null, Validate.Name(compensation.Reason, "reason", Validate.MaxTextLength),
            null, null, compensation.RuleId, now);

    /// <summary>Takes an XP award back. It happened when the award did, so the award's board windows lose it.</summary>
    public static EntryDraft RevokingAward(LedgerEntry target, string reason) =>
        target.Kind != LedgerEntryKind.Xp || target.Amount <= 0 || Revocation.RevokedSeq(target) is not null
            ? throw new DomainException(ErrorCodes.NotRevocable, "Only an XP award can be revoked (not a badge, a level-up or a correction).", "input.seq")
            : new EntryDraft(LedgerEntryKind.Xp, -target.Amount, null, reason, null, null, Revocation.RuleFor(target.Seq), target.OccurredAt);

    /// <summary>Takes a badge off the profile. The badge stays among the badge entries, so the engine does not give it again.</summary>
    public static EntryDraft RevokingBadge(LedgerEntry awarded, string reason, DateTimeOffset now) =>
        new(LedgerEntryKind.BadgeRevoked, 0, awarded.BadgeId, reason, null, null, Revocation.RuleFor(awarded.Seq), now);
}
