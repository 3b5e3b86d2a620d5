using Gamified.Leaderboards;
using Gamified.Storage.Leaderboards;

namespace Gamified.Tests.Leaderboards;

/// <summary>
/// The in-process board's order (<see cref="RankedSet"/>) against the simplest thing that is obviously right: a list
/// sorted by composite descending, then member id descending (ordinal), changed by random adds, moves and removals.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RankedSetTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    // Ids that tie on their first characters, differ only in case, or sort differently by culture than by ordinal.
    private static readonly string[] Awkward = ["a", "A", "ab", "aB", "b", "B", "é", "e", "z", "Z", "10", "9", "学员", "学", "", "a\u0301"];

    /// <summary>The reference: rank order by the rule the store documents, computed from scratch.</summary>
    private static readonly Comparer<(double Composite, string Member)> RankOrder = Comparer<(double Composite, string Member)>.Create((x, y) =>
    {
        var byComposite = y.Composite.CompareTo(x.Composite);
        return byComposite != 0 ? byComposite : string.CompareOrdinal(y.Member, x.Member);
    });

    [Theory]
    [InlineData(1, 60)]      // few members, so most composites are shared and most ties go to the member id
    [InlineData(2, 400)]
    [InlineData(3, 3000)]    // deeper trees: rotations and removals of nodes with two children far from the root
    public void random_adds_moves_and_removals_keep_the_order_of_a_sorted_list(int seed, int pool)
    {
        var random = new Random(seed);
        var members = Awkward.Concat(Enumerable.Range(0, pool).Select(i => $"m{i}")).ToArray();
        var set = new RankedSet();
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var reference = new List<(double Composite, string Member)>();

        for (var step = 0; step < 20_000; step++)
        {
            var member = members[random.Next(members.Length)];
            // Scores from a handful of values reached in a handful of minutes: equal composites are common.
            var composite = BoardScore.Compose(random.Next(-2, 6), Nine.AddMinutes(random.Next(3)));
            if (scores.TryGetValue(member, out var old))
            {
                Assert.True(set.Remove(old, member));
                reference.Remove((old, member));
                scores.Remove(member);
                Assert.False(set.Remove(old, member));   // gone already
            }
            if (random.Next(4) > 0)   // a move (or a newcomer); otherwise the member leaves the board
            {
                Assert.True(set.Add(composite, member));
                Assert.False(set.Add(composite, member));   // the same pair twice is one member
                scores[member] = composite;
                reference.Insert(~reference.BinarySearch((composite, member), RankOrder), (composite, member));
            }

            Assert.Equal(reference.Count, set.Count);
            var probe = members[random.Next(members.Length)];
            var probed = scores.GetValueOrDefault(probe, composite);   // a member not on the board is looked up all the same
            Assert.Equal(reference.IndexOf((probed, probe)), set.IndexOf(probed, probe));
            var from = random.Next(reference.Count + 2);
            Assert.Equal(reference.Skip(from).Take(5), set.From(from).Take(5));
            if (step % 500 == 0) Assert.Equal(reference, set.From(0));
            if (step % 100 == 0) set.CheckShape();
        }
        Assert.Equal(reference, set.From(0));
        Assert.Equal(Enumerable.Range(0, reference.Count), reference.Select(x => set.IndexOf(x.Composite, x.Member)));
    }

    [Fact]
    public void members_of_equal_composite_rank_by_member_id_descending_ordinal()
    {
        var set = new RankedSet();
        var composite = BoardScore.Compose(7, Nine);
        foreach (var member in Awkward) set.Add(composite, member);
        set.Add(BoardScore.Compose(8, Nine.AddDays(1)), "later-but-higher");
        set.Add(BoardScore.Compose(7, Nine.AddMinutes(-1)), "earlier");

        var expected = new[] { "later-but-higher", "earlier" }
            .Concat(Awkward.OrderByDescending(m => m, StringComparer.Ordinal));
        Assert.Equal(expected, set.From(0).Select(x => x.Member));
    }

    [Fact]
    public void an_absent_pair_has_no_index_even_when_its_member_is_in_with_another_composite()
    {
        var set = new RankedSet();
        set.Add(BoardScore.Compose(5, Nine), "li");

        Assert.Equal(0, set.IndexOf(BoardScore.Compose(5, Nine), "li"));
        Assert.Equal(-1, set.IndexOf(BoardScore.Compose(6, Nine), "li"));
        Assert.Equal(-1, set.IndexOf(BoardScore.Compose(5, Nine), "wang"));
        Assert.False(set.Remove(BoardScore.Compose(6, Nine), "li"));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void the_first_the_last_and_past_the_end()
    {
        var set = new RankedSet();
        Assert.Empty(set.From(0));
        Assert.Equal(0, set.Count);

        for (var i = 1; i <= 9; i++) set.Add(BoardScore.Compose(i, Nine), $"m{i}");

        Assert.Equal("m9", set.From(0).First().Member);
        Assert.Equal(["m1"], set.From(8).Select(x => x.Member));
        Assert.Empty(set.From(9));
        Assert.Empty(set.From(int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.From(-1));
        Assert.Equal(0, set.IndexOf(BoardScore.Compose(9, Nine), "m9"));
        Assert.Equal(8, set.IndexOf(BoardScore.Compose(1, Nine), "m1"));
    }

    [Fact]
    public void members_added_in_rank_order_or_against_it_still_make_a_shallow_tree()
    {
        // In order is the worst case for a tree that does not rebalance: it would be a list 100,000 deep.
        const int n = 100_000;
        var descending = new RankedSet();
        var ascending = new RankedSet();
        for (var i = 0; i < n; i++)
        {
            descending.Add(BoardScore.Compose(n - i, Nine), $"m{i}");
            ascending.Add(BoardScore.Compose(i, Nine), $"m{i}");
        }
        for (var i = 0; i < n; i += 2) descending.Remove(BoardScore.Compose(n - i, Nine), $"m{i}");

        // No subtree holds more than three quarters of its parent's members, so no path is longer than log base 4/3.
        var bound = Math.Log(n) / Math.Log(4.0 / 3) + 2;
        Assert.InRange(ascending.CheckShape(), 17, bound);
        Assert.InRange(descending.CheckShape(), 16, bound);
        Assert.Equal(n / 2 - 1, descending.IndexOf(BoardScore.Compose(1, Nine), $"m{n - 1}"));
    }

    [Fact]
    public void a_clone_has_the_same_order_and_changes_apart_from_the_original()
    {
        var random = new Random(7);
        var set = new RankedSet();
        for (var i = 0; i < 5000; i++) set.Add(BoardScore.Compose(random.Next(50), Nine.AddMinutes(random.Next(3))), $"m{i}");
        foreach (var (composite, member) in set.From(0).Where((_, i) => i % 3 == 0).ToList()) set.Remove(composite, member);   // slots to reuse

        var clone = set.Clone();
        Assert.Equal(set.From(0), clone.From(0));

        var (movedComposite, moved) = set.From(2000).First();
        set.Remove(movedComposite, moved);
        set.Add(BoardScore.Compose(2000, Nine), moved);
        for (var i = 0; i < 100; i++) clone.Add(BoardScore.Compose(1000, Nine), $"newcomer{i}");
        Assert.Equal(2100, clone.IndexOf(movedComposite, moved));   // where it was, behind the hundred newcomers
        Assert.Equal(0, set.IndexOf(BoardScore.Compose(2000, Nine), moved));
        Assert.Equal(-1, set.IndexOf(BoardScore.Compose(1000, Nine), "newcomer0"));
        Assert.Equal(3333, set.Count);
        Assert.Equal(3433, clone.Count);
        set.CheckShape();
        clone.CheckShape();
        Assert.Equal(0, new RankedSet().Clone().Count);
    }

    [Fact]
    public void changing_the_set_while_reading_it_in_order_is_refused()
    {
        var set = new RankedSet();
        for (var i = 0; i < 10; i++) set.Add(i, $"m{i}");

        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var (composite, member) in set.From(0)) set.Remove(composite, member);
        });
    }
}
