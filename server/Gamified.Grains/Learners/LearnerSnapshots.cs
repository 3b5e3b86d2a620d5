using Gamified.Ledger;
using Gamified.Rewards;

namespace Gamified.Learners;

/// <summary>How a learner's profile and ledger head read from outside: pure, from the grain's state.</summary>
internal static class LearnerSnapshots
{
    private const string WinnerRulePrefix = "challenge.winner.";

    public static LearnerSnapshot Of(string learnerId, LearnerProfileState state, string pseudonym, AccountSnapshot account, LevelTable levels) => new(
        new LearnerProfile(learnerId, state.DisplayName, state.DepartmentId, state.TeamIds.ToList(), state.Visibility, pseudonym, state.RegisteredAt,
            !state.Deactivated, state.Email, state.Phone, state.Roles.ToList(),
            state.ErasedAt),
        account.Xp,
        levels.For(account.Xp),
        account.HeldBadgeEntries.Select(ToBadge).ToList(),
        account.ChallengeEntries.Select(e => new CompletedChallenge(e.ChallengeId!, e.OccurredAt, e.Amount, WinnerRankOf(e))).ToList(),
        account.EntryCount);

    public static EarnedBadge ToBadge(LedgerEntry e) => new(e.BadgeId!, e.RecordedAt, e.Reason, e.Seq, e.SchemeId, e.SchemeVersion, e.RuleId);

    /// <summary>A winner's entry carries its rank in the rule id, e.g. <c>challenge.winner.3</c>.</summary>
    public static string WinnerRule(int rank) => WinnerRulePrefix + rank;

    private static int? WinnerRankOf(LedgerEntry e) =>
        e.RuleId is { } rule && rule.StartsWith(WinnerRulePrefix, StringComparison.Ordinal)
        && int.TryParse(rule.AsSpan(WinnerRulePrefix.Length), out var rank) ? rank : null;
}

/// <summary>What a learner's subscribers hear once entries are written: badges earned and levels reached.</summary>
internal static class LearnerEvents
{
    public static void Publish(Live.ILiveEvents live, LevelTable levels, IReadOnlyList<LedgerEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Kind == LedgerEntryKind.Badge)
                live.Publish(new Live.BadgeAwardedEvent(entry.LearnerId, entry.BadgeId!, entry.Reason, entry.RecordedAt));
            if (entry.Kind == LedgerEntryKind.LevelUp && entry.RuleId is { } rule && int.TryParse(rule.AsSpan("level.".Length), out var level))
                live.Publish(new Live.LevelUpEvent(entry.LearnerId, level, levels.Name(level), entry.RecordedAt));
        }
    }
}
