namespace Gamified.Plugins.Grading;

/// <summary>
/// Normalised change from pre-test to post-test (scores 0–100), after Hake's normalised gain with the
/// Marx–Cummings treatment of its edges:
/// improvement: (post − pre) / (100 − pre); decline: (post − pre) / pre; no change: 0;
/// both at 100 or both at 0: not defined (null) — the test could not measure a change.
/// The result lies in [−1, 1].
/// </summary>
public static class LearningGain
{
    public static double? Normalised(double pre, double post)
    {
        if (pre is < 0 or > 100 || post is < 0 or > 100 || double.IsNaN(pre) || double.IsNaN(post))
            throw new ArgumentOutOfRangeException(nameof(pre), "Scores are between 0 and 100.");
        if ((pre == 100 && post == 100) || (pre == 0 && post == 0)) return null;
        if (post > pre) return (post - pre) / (100 - pre);
        if (post < pre) return (post - pre) / pre;
        return 0;
    }
}
