using Gamified.Analytics;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Rewards;

namespace Gamified.Api.FairPlay;

/// <summary>A learner flagged on one measure. <see cref="LedgerPath"/> is the web page of their ledger.</summary>
public sealed record SuspiciousLearner(
    string LearnerId, string DisplayName, SuspicionMeasure Measure, double Value, double PeerMedian, double Score, int Peers, string LedgerPath);

/// <summary>A department's learners far outside their peers over a window; none are flagged while
/// <see cref="ActiveLearners"/> is under <see cref="MinGroupSize"/>.</summary>
public sealed record SuspiciousActivityReport(
    string DepartmentId, DateTimeOffset From, DateTimeOffset To, int ActiveLearners, int MinGroupSize, IReadOnlyList<SuspiciousLearner> Flagged);

/// <summary>
/// Which learners of a department record far more, earn far more XP or gain far more than their peers over a window, by
/// <see cref="PeerOutliers"/>: a lead for a manager to look at the learner's ledger, not a verdict. Managers of the department,
/// organisation-wide managers and admins only; the department's members are the peer group.
/// </summary>
public sealed class SuspiciousActivityService(IActivityRatesStore store, LearnerService learners, AnalyticsOptions options, RewardSettings rewards)
{
    public const int MaxDays = 92;

    public async Task<SuspiciousActivityReport> Report(Caller caller, string departmentId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        caller.RequireManages(Validate.Id(departmentId, "departmentId"));
        Validate.Moment(from, "from");
        Validate.Moment(to, "to");
        if (from >= to) throw DomainException.BadInput("to", "to must be after from.");
        if ((to - from).TotalDays > MaxDays) throw DomainException.BadInput("to", $"At most {MaxDays} days at a time.");

        var days = await store.Days(departmentId, from, to, rewards.Zone.GetUtcOffset(from), cancellationToken);
        var (statements, xp) = PeerOutliers.PerActiveDay(days.Select(d => new LearnerDay(d.LearnerId, d.Day, d.Statements, d.Xp)));
        var gains = (await store.Gains(departmentId, from, to, cancellationToken)).Select(g => new LearnerValue(g.LearnerId, g.AverageGain)).ToList();
        var k = options.MinGroupSize;
        var flagged = PeerOutliers.High(statements, k).Select(o => (SuspicionMeasure.StatementsPerActiveDay, o))
            .Concat(PeerOutliers.High(xp, k).Select(o => (SuspicionMeasure.XpPerActiveDay, o)))
            .Concat(PeerOutliers.High(gains, k).Select(o => (SuspicionMeasure.AverageGain, o)))
            .ToList();

        var found = await learners.FindMany(flagged.Select(f => f.o.LearnerId).ToList());
        var rows = flagged
            .Select(f => new SuspiciousLearner(f.o.LearnerId, found.GetValueOrDefault(f.o.LearnerId)?.Profile.DisplayName ?? "", f.Item1, Round(f.o.Value), Round(f.o.PeerMedian), Round(f.o.Score),
                f.o.Peers, LedgerPath(f.o.LearnerId)))
            .OrderByDescending(r => r.Score).ThenBy(r => r.LearnerId, StringComparer.Ordinal).ThenBy(r => r.Measure).ToList();
        return new SuspiciousActivityReport(departmentId, from, to, statements.Count, k, rows);
    }

    /// <summary>The manager pages' view of a learner's ledger (web/src/pages/manager/LearnerLedgerPage.tsx).</summary>
    public static string LedgerPath(string learnerId) => $"/#/manager/ledger/{Uri.EscapeDataString(learnerId)}";

    private static double Round(double value) => Math.Round(value, 4);
}
