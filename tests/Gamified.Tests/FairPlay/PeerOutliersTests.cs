using Gamified.Api.FairPlay;

namespace Gamified.Tests.FairPlay;

/// <summary>The outlier rule on its own: who is far above their peers, and who is not.</summary>
[Trait("Category", "Unit")]
public sealed class PeerOutliersTests
{
    private static List<LearnerValue> Group(params double[] values) => values.Select((v, i) => new LearnerValue($"l{i}", v)).ToList();

    [Fact]
    public void a_learner_far_above_varied_peers_is_flagged_with_the_modified_z_score()
    {
        // Median 11, MAD 1 (deviations 1,0,1,1,2,0,…): 0.6745 × (60 − 11) / 1 = 33.05.
        var group = Group(10, 11, 12, 10, 13, 11, 60);

        var flagged = Assert.Single(PeerOutliers.High(group, 5));

        Assert.Equal("l6", flagged.LearnerId);
        Assert.Equal(11, flagged.PeerMedian);
        Assert.Equal(0.6745 * 49, flagged.Score, 6);
        Assert.Equal(7, flagged.Peers);
    }

    [Fact]
    public void ordinary_spread_flags_nobody()
    {
        Assert.Empty(PeerOutliers.High(Group(8, 10, 12, 14, 9, 11, 13, 15, 20), 5));
    }

    [Fact]
    public void peers_who_all_do_the_same_fall_back_to_the_mean_absolute_deviation()
    {
        // MAD is 0; mean absolute deviation from the median 2 is 18 / 6 = 3: (20 − 2) / (1.2533 × 3) = 4.79.
        var flagged = Assert.Single(PeerOutliers.High(Group(2, 2, 2, 2, 2, 20), 5));

        Assert.Equal("l5", flagged.LearnerId);
        Assert.Equal(18 / (1.253314 * 3), flagged.Score, 4);
    }

    [Fact]
    public void a_value_less_than_twice_the_median_is_not_flagged_however_uniform_the_peers()
    {
        // Score 4.79 as above, but 3 is not twice 2: one statement more than everyone else is no lead.
        Assert.Empty(PeerOutliers.High(Group(2, 2, 2, 2, 2, 3), 5));
    }

    [Fact]
    public void a_group_under_the_minimum_size_flags_nobody()
    {
        var group = Group(10, 11, 12, 60);

        Assert.Empty(PeerOutliers.High(group, 5));
        Assert.Single(PeerOutliers.High(group, 4));
        Assert.Empty(PeerOutliers.High(Group(1, 50), 1));   // never fewer than three
    }

    [Fact]
    public void everyone_equal_flags_nobody_and_far_below_is_not_flagged()
    {
        Assert.Empty(PeerOutliers.High(Group(5, 5, 5, 5, 5), 5));
        Assert.Empty(PeerOutliers.High(Group(10, 10, 11, 10, 11, 0), 5));
    }

    [Fact]
    public void rates_are_per_day_with_a_statement_or_an_award()
    {
        var (statements, xp) = PeerOutliers.PerActiveDay([
            new LearnerDay("a", 1, 4, 40), new LearnerDay("a", 2, 2, 20), new LearnerDay("a", 3, 0, 30),
            new LearnerDay("b", 7, 1, 0),
        ]);

        Assert.Equal(2, statements.Single(v => v.LearnerId == "a").Value);
        Assert.Equal(30, xp.Single(v => v.LearnerId == "a").Value);
        Assert.Equal(1, statements.Single(v => v.LearnerId == "b").Value);
        Assert.Equal(0, xp.Single(v => v.LearnerId == "b").Value);
    }
}
