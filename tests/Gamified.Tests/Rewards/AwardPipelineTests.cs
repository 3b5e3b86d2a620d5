using Gamified.Common;
using Gamified.Ledger;
using Gamified.Rewards;

namespace Gamified.Tests.Rewards;

/// <summary>The one path of every append: awards, then a level-up, then badges, chained after the head. No silo.</summary>
[Trait("Category", "Unit")]
public sealed class AwardPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 2, 0, 0, TimeSpan.Zero);
    private static readonly LevelTable Levels = new([(0L, new LocalizedText("一级", "One")), (100L, new LocalizedText("二级", "Two"))]);

    private static readonly SchemeVersion FiftyBadge = new("s", 2, new SchemeDefinition(new LocalizedText("方案", "Scheme"), [], [], [],
        SchemeCaps.None, [],
        [
            new BadgeDefinition("fifty", new LocalizedText("五十", "Fifty"), new LocalizedText("五十", "Fifty"), null, BadgeCriterion.XpThreshold,
                [new BadgeTier("", 50)], null, null, null),
        ]), SchemeStatus.Active, Now.AddDays(-1), null, Now.AddDays(-1), "test");

    private static AccountHead Head(long xp = 0, long entries = 0, string? hash = null, params string[] held) =>
        new("l1", xp, entries, hash ?? LedgerHash.Genesis, held.ToHashSet());

    private static IReadOnlyList<LedgerEntry> Chain(AccountHead head, params int[] amounts) =>
        AwardPipeline.Chain(new AwardInput(head,
            [.. amounts.Select(a => new EntryDraft(LedgerEntryKind.Xp, a, null, "award", "act-1", null, "r", Now, "s", 2))],
            [FiftyBadge], Levels, BadgeFacts.AfterCorrection([]), "act-1", Now, Now));

    [Fact]
    public void entries_follow_the_head_in_seq_and_hash_order()
    {
        var entries = Chain(Head(xp: 10, entries: 7, hash: "abc"), 5, 6);

        Assert.Equal([8L, 9L], entries.Select(e => e.Seq));
        Assert.Equal("abc", entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(LedgerHash.Compute(entries[1]), entries[1].Hash);
    }

    [Fact]
    public void awards_that_cross_a_level_and_a_badge_threshold_are_followed_by_the_level_up_and_then_the_badge()
    {
        var entries = Chain(Head(xp: 90, held: []), 20);

        Assert.Equal([LedgerEntryKind.Xp, LedgerEntryKind.LevelUp, LedgerEntryKind.Badge], entries.Select(e => e.Kind));
        Assert.Equal("level.2", entries[1].RuleId);
        Assert.Equal(("fifty", "s", 2), (entries[2].BadgeId, entries[2].SchemeId, entries[2].SchemeVersion));
    }

    [Fact]
    public void a_badge_already_held_is_not_awarded_again_and_no_level_is_crossed_twice()
    {
        var entries = Chain(Head(xp: 120, held: "fifty"), 20);

        Assert.Equal([LedgerEntryKind.Xp], entries.Select(e => e.Kind));
    }

    [Fact]
    public void a_negative_correction_neither_levels_up_nor_awards_a_badge()
    {
        var entries = Chain(Head(xp: 40), -30);

        Assert.Single(entries);
        Assert.Equal(-30, entries[0].Amount);
    }
}
