namespace Gamified.Analytics;

/// <summary>A department learner's day: statements the server received and XP the ledger awarded that day.</summary>
public sealed record LearnerDayRow(string LearnerId, long Day, int Statements, long Xp);

/// <summary>A department learner's average normalised gain over the package versions they took both tests of.</summary>
public sealed record LearnerGainRow(string LearnerId, double AverageGain, int Packages);

/// <summary>
/// The reads the suspicious-activity report makes: one department, one window. Days and windows go by <c>recorded_at</c>, the
/// time the server received the statement (and wrote the ledger entry), which a learner cannot backdate or spread out the way
/// they can a statement's own <c>occurred_at</c>.
/// </summary>
public interface IActivityRatesStore
{
    /// <param name="offset">The calendar's offset from UTC, so days start at local midnight.</param>
    Task<IReadOnlyList<LearnerDayRow>> Days(string departmentId, DateTimeOffset from, DateTimeOffset to, TimeSpan offset, CancellationToken cancellationToken = default);

    /// <summary>Average gains of the package versions whose second test fell in the window (by when the learner started or
    /// completed them: the analytics projection's rows), one row per learner.</summary>
    Task<IReadOnlyList<LearnerGainRow>> Gains(string departmentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
