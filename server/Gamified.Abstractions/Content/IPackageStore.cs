namespace Gamified.Content;

public sealed record StoredPackageVersion(
    string PackageId, string Version, string Owner, string Source, DateTimeOffset PublishedAt, DateTimeOffset? RetiredAt);

public enum PublishRefusal
{
    None,
    NotOwner,
    VersionExists,
}

public sealed record PackageRating(string PackageId, string Version, string LearnerId, int Rating, string? Comment, DateTimeOffset RatedAt);

public sealed record LearningResult(
    string LearnerId, string PackageId, string Version, string DepartmentId, DateTimeOffset StartedAt,
    double? PreScore, double? PostScore, double? Gain, DateTimeOffset? CompletedAt);

/// <summary>
/// Published package versions (as zip archives), package ownership, ratings and learning results. The
/// database is what every node of a cluster loads its catalogue from, and what survives restarts.
/// </summary>
public interface IPackageStore
{
    /// <summary>What is published, without the archives: cheap enough to poll.</summary>
    Task<IReadOnlyList<StoredPackageVersion>> ListVersions(CancellationToken cancellationToken = default);

    Task<byte[]?> ReadArchive(string packageId, string version, CancellationToken cancellationToken = default);

    Task<string?> OwnerOf(string packageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new version in one transaction: claims the id for <paramref name="owner"/> if nobody has it,
    /// refuses if someone else does (unless <paramref name="mayOverrideOwner"/>), refuses an existing version.
    /// </summary>
    Task<PublishRefusal> Publish(string packageId, string version, string owner, string source, byte[] archive,
        DateTimeOffset at, bool mayOverrideOwner);

    Task<bool> Retire(string packageId, string version, DateTimeOffset at);

    /// <summary>Records a rating; false when the learner rated this version already.</summary>
    Task<bool> Rate(PackageRating rating);

    /// <summary>Deletes the learner's free-text comments (personal-data erasure); their ratings stay. Returns how many.</summary>
    Task<int> EraseComments(string learnerId);

    Task<IReadOnlyList<PackageRating>> Ratings(string packageId, CancellationToken cancellationToken = default);

    Task SaveResult(LearningResult result);

    Task<IReadOnlyList<LearningResult>> Results(string packageId, CancellationToken cancellationToken = default);
}
