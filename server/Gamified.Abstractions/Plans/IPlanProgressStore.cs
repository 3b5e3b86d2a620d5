namespace Gamified.Plans;

/// <summary>A learner of a plan's departments and the plan packages they have completed (with when).</summary>
public sealed record PlanLearnerProgress(
    string LearnerId, string DepartmentId, IReadOnlyDictionary<string, DateTimeOffset> CompletedPackages);

/// <summary>
/// Reads plan progress from what the learner-package flow already writes: members from <c>learner_accounts</c>
/// (current department), completions from <c>learning_results</c>. Nothing of its own is stored.
/// </summary>
public interface IPlanProgressStore
{
    /// <summary>Every learner now in one of <paramref name="departmentIds"/> (or only <paramref name="learnerId"/>), with completions.</summary>
    Task<IReadOnlyList<PlanLearnerProgress>> Progress(IReadOnlyList<string> departmentIds, IReadOnlyList<string> packageIds,
        string? learnerId = null, CancellationToken cancellationToken = default);
}
