using Gamified.Ledger;

namespace Gamified.Tests.Foundation;

/// <summary>The hash chain on its own: what each link covers, so a changed, moved or dropped entry shows.</summary>
[Trait("Category", "Unit")]
public sealed class LedgerHashTests
{
    private static readonly DateTimeOffset Nine = new(2026, 3, 2, 9, 0, 0, 123, TimeSpan.FromHours(8));

    private static LedgerEntry First() =>
        LedgerHash.Append("wang", 1, LedgerHash.Genesis, LedgerEntryKind.Xp, 10, null, "完成课程", "act-1", null, "lesson", Nine, Nine.AddMilliseconds(5));

    [Fact]
    public void each_entry_links_to_the_previous_hash_and_its_own_hash_recomputes()
    {
        var first = First();
        var second = LedgerHash.Append("wang", 2, first.Hash, LedgerEntryKind.Badge, 0, "starter", "首次完成", null, null, null, Nine, Nine);

        Assert.Equal(LedgerHash.Genesis, first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(first.Hash, LedgerHash.Compute(first));
        Assert.Equal(second.Hash, LedgerHash.Compute(second));
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Fact]
    public void changing_any_covered_field_changes_the_hash()
    {
        var first = First();
        LedgerEntry[] changed =
        [
            first with { LearnerId = "li" }, first with { Seq = 2 }, first with { Kind = LedgerEntryKind.Badge },
            first with { Amount = 11 }, first with { ReasonCommitment = LedgerHash.CommitReason(first.ReasonSalt!, "完成课程!") }, first with { ActivityId = "act-2" },
            first with { BadgeId = "b" }, first with { ChallengeId = "c" }, first with { RuleId = "quiz" }, first with { OccurredAt = Nine.AddMilliseconds(1) },
            first with { RecordedAt = Nine.AddSeconds(1) }, first with { PreviousHash = new string('1', 64) },
            first with { SchemeId = "scheme" }, first with { SchemeVersion = 2 },
        ];
        Assert.All(changed, e => Assert.NotEqual(first.Hash, LedgerHash.Compute(e)));
    }

    [Fact]
    public void fields_are_kept_apart_so_text_moved_between_neighbours_changes_the_hash()
    {
        var badge = LedgerHash.Append("wang", 1, LedgerHash.Genesis, LedgerEntryKind.Badge, 0, "ab", "c", null, null, null, Nine, Nine);
        var moved = LedgerHash.Append("wang", 1, LedgerHash.Genesis, LedgerEntryKind.Badge, 0, "a", "bc", null, null, null, Nine, Nine);
        Assert.NotEqual(badge.Hash, moved.Hash);
    }

    [Fact]
    public void times_are_hashed_to_the_millisecond_as_they_are_stored()
    {
        var precise = LedgerHash.Append("wang", 1, LedgerHash.Genesis, LedgerEntryKind.Xp, 10, null, "r", null, null, null,
            Nine.AddTicks(4_321), Nine.AddTicks(9_999));
        Assert.Equal(Nine, precise.OccurredAt);
        Assert.Equal(precise.Hash, LedgerHash.Compute(precise));
    }

    [Fact]
    public void a_reason_changed_behind_its_commitment_is_caught()
    {
        var first = First();

        Assert.Null(LedgerHash.Problem(first));
        Assert.Contains("reason", LedgerHash.Problem(first with { Reason = "完成课程!" }));
    }

    [Fact]
    public void an_entry_whose_reason_was_erased_still_verifies_and_its_commitment_hides_the_text()
    {
        var first = First();
        var erased = first with { Reason = "", ReasonSalt = null };

        Assert.True(erased.ReasonErased);
        Assert.Null(LedgerHash.Problem(erased));
        // Without the salt, a guess of the text does not reproduce the commitment.
        Assert.NotEqual(first.ReasonCommitment, LedgerHash.CommitReason("", "完成课程"));
    }

    [Fact]
    public void an_entry_from_before_commitments_is_hashed_over_its_reason_text()
    {
        var legacy = LedgerHash.Compute("wang", 1, LedgerEntryKind.Xp, 10, null, "完成课程", "act-1", null, "lesson", Nine, Nine, LedgerHash.Genesis);
        var entry = new LedgerEntry("wang", 1, LedgerEntryKind.Xp, 10, null, "完成课程", "act-1", null, "lesson", Nine, Nine, LedgerHash.Genesis, legacy);

        Assert.Null(LedgerHash.Problem(entry));
        Assert.NotNull(LedgerHash.Problem(entry with { Reason = "完成课程!" }));
    }
}
