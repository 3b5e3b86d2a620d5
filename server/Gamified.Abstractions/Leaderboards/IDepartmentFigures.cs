namespace Gamified.Leaderboards;

public sealed record DepartmentGain(string DepartmentId, double AverageGain, int Learners);

/// <summary>Department figures that come from the database rather than the boards: members and learning gain.</summary>
public interface IDepartmentFigures
{
    Task<IReadOnlyDictionary<string, int>> Members(CancellationToken cancellationToken = default);

    /// <summary>Average normalised gain of packages completed in [since, until), per department.</summary>
    Task<IReadOnlyDictionary<string, DepartmentGain>> Gains(DateTimeOffset since, DateTimeOffset? until = null, CancellationToken cancellationToken = default);
}
