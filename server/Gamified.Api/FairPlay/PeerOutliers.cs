namespace Gamified.Api.FairPlay;

/// <summary>What a learner is compared with their peers on. Each is flagged when far above the peers: the direction in which
/// a learner gains on the boards by recording more than they did.</summary>
public enum SuspicionMeasure
{
    /// <summary>Statements the server received, per day with any activity.</summary>
    StatementsPerActiveDay,

    /// <summary>XP the ledger awarded, per day with any activity.</summary>
    XpPerActiveDay,

    /// <summary>The average normalised learning gain of the package versions with both tests taken.</summary>
    AverageGain,
}

/// <summary>One learner's value of a measure.</summary>
public sealed record LearnerValue(string LearnerId, double Value);

/// <summary>A learner far above their peers on a measure: the value, the peers' median, the modified z-score and the group size.</summary>
public sealed record PeerOutlier(string LearnerId, double Value, double PeerMedian, double Score, int Peers);

/// <summary>A learner's activity on one day of the rewards calendar: statements received and XP awarded.</summary>
public sealed record LearnerDay(string LearnerId, long Day, int Statements, long Xp);

/// <summary>
/// The outlier rule (Iglewicz and Hoaglin's modified z-score), pure. Over the peer group's values: the median m and the median
/// absolute deviation MAD; a learner's score is 0.6745 × (x − m) / MAD. When more than half the peers share one value (MAD = 0),
/// the mean absolute deviation from the median stands in: (x − m) / (1.2533 × MeanAD). A learner is flagged when the score exceeds
/// 3.5 and the value is also at least twice the median (when the median is positive), so a group that all do the same is not
/// split over a statement or two. Groups under the minimum size flag nobody: too few to say what is ordinary.
/// </summary>
public static class PeerOutliers
{
    public const double Threshold = 3.5;
    public const double MinRatioToMedian = 2;
    private const double MadScale = 0.6745;           // the MAD of a normal distribution is 0.6745 σ
    private const double MeanDeviationScale = 1.253314; // the mean absolute deviation of a normal distribution is σ / 1.2533

    /// <summary>The learners far above the rest, highest score first; none when the group is smaller than <paramref name="minGroupSize"/>.</summary>
    public static IReadOnlyList<PeerOutlier> High(IReadOnlyList<LearnerValue> group, int minGroupSize)
    {
        if (group.Count < Math.Max(minGroupSize, 3)) return [];
        var values = group.Select(v => v.Value).ToList();
        var median = Median(values);
        var mad = Median(values.Select(v => Math.Abs(v - median)));
        var meanDeviation = values.Average(v => Math.Abs(v - median));
        return group
            .Select(v => (v, score: Score(v.Value, median, mad, meanDeviation)))
            .Where(x => x.score > Threshold && (median <= 0 || x.v.Value >= MinRatioToMedian * median))
            .OrderByDescending(x => x.score).ThenBy(x => x.v.LearnerId, StringComparer.Ordinal)
            .Select(x => new PeerOutlier(x.v.LearnerId, x.v.Value, median, x.score, group.Count))
            .ToList();
    }

    /// <summary>The modified z-score of a value; 0 when every value is the median.</summary>
    public static double Score(double value, double median, double mad, double meanDeviation) =>
        mad > 0 ? MadScale * (value - median) / mad
        : meanDeviation > 0 ? (value - median) / (MeanDeviationScale * meanDeviation)
        : 0;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return 0;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Per learner: statements and XP per active day (a day with a statement or an XP award).</summary>
    public static (IReadOnlyList<LearnerValue> Statements, IReadOnlyList<LearnerValue> Xp) PerActiveDay(IEnumerable<LearnerDay> days)
    {
        var learners = days.GroupBy(d => d.LearnerId, StringComparer.Ordinal)
            .Select(g => (id: g.Key, active: g.Select(d => d.Day).Distinct().Count(), statements: g.Sum(d => d.Statements), xp: g.Sum(d => d.Xp)))
            .Where(l => l.active > 0).ToList();
        return (learners.Select(l => new LearnerValue(l.id, (double)l.statements / l.active)).ToList(),
            learners.Select(l => new LearnerValue(l.id, (double)l.xp / l.active)).ToList());
    }
}
