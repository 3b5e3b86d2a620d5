using Gamified.Ledger;

namespace Gamified.Rewards;

/// <summary>A learner's ledger head as the award pipeline needs it.</summary>
public sealed record AccountHead(string LearnerId, long Xp, long EntryCount, string LastHash, IReadOnlySet<string> HeldBadges)
{
    /// <summary>The head of a loaded account; badges revoked since stay held here, so the engine never gives them again.</summary>
    public static AccountHead Of(AccountSnapshot account) => new(account.LearnerId, account.Xp, account.EntryCount, account.LastHash,
        account.BadgeEntries.Select(b => b.BadgeId!).ToHashSet(StringComparer.Ordinal));
}

/// <summary>An entry before it is chained: what it is for, without its place in the chain.</summary>
public sealed record EntryDraft(
    LedgerEntryKind Kind, int Amount, string? BadgeId, string Reason, string? ActivityId, string? ChallengeId,
    string? RuleId, DateTimeOffset OccurredAt, string? SchemeId = null, int? SchemeVersion = null)
{
    public static EntryDraft From(AwardDraft award, string? activityId, DateTimeOffset occurredAt) =>
        new(LedgerEntryKind.Xp, award.Amount, null, award.Reason, activityId, null, award.RuleId, occurredAt, award.SchemeId, award.SchemeVersion);
}

/// <summary>
/// Everything one award needs: the head it extends, the XP awards already decided (by the reward engine, a challenge,
/// a correction), the schemes in force and their levels, and the facts badges are judged on (XP and level are filled
/// in here, from the head and the awards).
/// </summary>
public sealed record AwardInput(
    AccountHead Head,
    IReadOnlyList<EntryDraft> Awards,
    IReadOnlyList<SchemeVersion> Applicable,
    LevelTable Levels,
    BadgeFacts Facts,
    string? ActivityId,
    DateTimeOffset OccurredAt,
    DateTimeOffset Now);

/// <summary>
/// The one path every ledger append of a learner takes: the awards, then a level-up entry if they cross a level,
/// then the badges the schemes award for the facts as they are afterwards, all hash-chained after the head. Pure:
/// recording a statement, completing a challenge and a correction all go through it, and it is tested without a silo.
/// </summary>
public static class AwardPipeline
{
    public static IReadOnlyList<LedgerEntry> Chain(AwardInput input)
    {
        var chain = new EntryChain(input.Head, input.Now);
        foreach (var award in input.Awards) chain.Add(award);

        var before = input.Levels.For(input.Head.Xp);
        var after = input.Levels.For(chain.Xp);
        if (after.Number > before.Number)
            chain.Add(new EntryDraft(LedgerEntryKind.LevelUp, 0, null, $"reached level {after.Number} {after.Name.ZhCn} / {after.Name.En}",
                chain.LastActivityId, null, $"level.{after.Number}", input.Now));

        var facts = input.Facts with { Xp = chain.Xp, Level = after.Number };
        foreach (var badge in BadgeEngine.Earned(input.Applicable, facts, input.Head.HeldBadges))
            chain.Add(new EntryDraft(LedgerEntryKind.Badge, 0, badge.BadgeId, badge.Reason, input.ActivityId, null, badge.RuleId,
                input.OccurredAt, badge.SchemeId, badge.SchemeVersion));
        return chain.Entries;
    }

    /// <summary>Entries chained one after another from a head: each takes the next seq and the hash before it.</summary>
    private sealed class EntryChain(AccountHead head, DateTimeOffset recordedAt)
    {
        private readonly List<LedgerEntry> _entries = [];

        public IReadOnlyList<LedgerEntry> Entries => _entries;

        public long Xp { get; private set; } = head.Xp;

        public string? LastActivityId => _entries.Count > 0 ? _entries[^1].ActivityId : null;

        public void Add(EntryDraft d)
        {
            var last = _entries.Count > 0 ? _entries[^1] : null;
            _entries.Add(LedgerHash.Append(head.LearnerId, (last?.Seq ?? head.EntryCount) + 1, last?.Hash ?? head.LastHash, d.Kind,
                d.Amount, d.BadgeId, d.Reason, d.ActivityId, d.ChallengeId, d.RuleId, d.OccurredAt, recordedAt, d.SchemeId, d.SchemeVersion));
            Xp += d.Amount;
        }
    }
}
