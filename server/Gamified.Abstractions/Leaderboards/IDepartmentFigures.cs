namespace Gamified.Leaderboards;

public sealed record DepartmentGain(string DepartmentId, double AverageGain, int Learners);

/// <summary>Department figures that come from the database rather than the boards: members and learning gain.</summary>
public interface IDepartmentFigures
{
    /// <summary>
    /// The learners who have belonged to more than one of <paramref name="departmentIds"/> (from the department history), with
    /// those departments. Only they can be on two of those departments' boards at once: everyone else scored in one.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> Movers(IReadOnlyCollection<string> departmentIds, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, int>> Members(CancellationToken cancellationToken = default);

    /// <summary>Average normalised gain of packages completed in [since, until), per department.</summary>
    Task<IReadOnlyDictionary<string, DepartmentGain>> Gains(DateTimeOffset since, DateTimeOffset? until = null, CancellationToken cancellationToken = default);
}
