using Gamified.Analytics;
using Gamified.Plugins.Grading;
using Gamified.Storage.Analytics;

namespace Gamified.Tests.Analytics;

/// <summary>How the analytics projection folds a learner's package statements: the gain is the first post-test attempt's.</summary>
[Trait("Category", "Unit")]
public sealed class PackageLearnerRowTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static PackageStep Step(int minute, double? pre = null, double? post = null) =>
        new("p.q", "1.0.0", "learner", "dept", At.AddMinutes(minute), 60, false, pre, post);

    [Fact]
    public void the_gain_is_measured_on_the_first_post_test_and_the_best_post_test_score_is_kept()
    {
        var steps = new[] { Step(0, pre: 0), Step(5, post: 33.3), Step(6, post: 100), Step(7, post: 66.7) };
        var row = steps.Aggregate(PackageLearnerRow.From(steps[0]), (r, s) => r.With(s, LearningGain.Normalised));
        Assert.Equal(100, row.PostScore);
        Assert.Equal(0.333, row.Gain!.Value, 3);
    }

    [Fact]
    public void a_pre_test_stated_after_the_post_test_still_gives_a_gain()
    {
        var steps = new[] { Step(0, post: 80), Step(1, pre: 60) };
        var row = steps.Aggregate(PackageLearnerRow.From(steps[0]), (r, s) => r.With(s, LearningGain.Normalised));
        Assert.Equal(0.5, row.Gain!.Value, 6);
    }
}
