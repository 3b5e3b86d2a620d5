using Gamified.Common;

namespace Gamified.Content;

public enum PackageRewardKind
{
    Challenge,
    Badge,
}

/// <summary>A manager's approval of one challenge or badge a package version proposes; <c>Points</c> only for challenges.</summary>
public sealed record PackageRewardApproval(
    string PackageId, string Version, PackageRewardKind Kind, string RewardId, int? Points, string ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>
/// Which of a package version's proposed challenges and badges a manager approved, and for how many points. The
/// database is the truth every node reads when a learner completes a package, so an approval counts everywhere at once.
/// </summary>
public interface IPackageApprovalStore
{
    Task<IReadOnlyList<PackageRewardApproval>> Approvals(string packageId, string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores approvals for one version in one transaction, all or none. Approving again what is approved with the
    /// same points changes nothing; with other points it is refused (learners may hold it already). Refused too when
    /// the version's approved challenge points would exceed <paramref name="budget"/>.
    /// </summary>
    Task<IReadOnlyList<PackageRewardApproval>> Approve(string packageId, string version,
        IReadOnlyList<PackageRewardApproval> approvals, int budget);
}
