using Gamified.Plugins.Cmi5;
using Gamified.Plugins.Packages;
using Scriban;

namespace Gamified.Plugins.Validation;

/// <summary>
/// A cmi5 course package: <c>cmi5.xml</c> at the root, the AUs' files, and a short <c>manifest.json</c> that gives what
/// cmi5 does not have and our catalogue needs: the package id, its semantic version, authors, licence, minutes and review
/// date. Title and summary default to the course's own. Lessons, tests and a completion rule belong to our own kind: the
/// AUs and their moveOn take their place, so a manifest that names them is refused rather than half-used.
/// </summary>
public sealed partial class PackageValidator
{
    private (ContentPackage? Package, IReadOnlyList<PackageError> Errors) ValidateCmi5(PackageFiles files)
    {
        var report = new Report();
        var course = Cmi5CourseReader.Read(files, report.Errors);
        var manifest = ReadJson<PackageManifest>(files, ManifestFile, report, out var locator);
        if (manifest is null)
        {
            if (!files.Contains(ManifestFile))
                report.Errors[^1] = report.Errors[^1] with
                {
                    Message = "A cmi5 course needs a manifest.json beside cmi5.xml with id, version, authors, licence, estimatedMinutes, minServerVersion and reviewBy; publishPackage writes one from cmi5.xml and its arguments when the archive has none.",
                };
            return (null, report.Errors);
        }
        var at = new Locate(ManifestFile, locator!, report);
        var version = CheckIdentity(manifest, at);
        manifest.Title ??= course?.Title;
        manifest.Summary ??= course?.Description is { ZhCN.Length: > 0 } description ? description : course?.Title;
        CheckDescription(manifest, at);
        foreach (var (field, present) in new[]
                 {
                     ("lessons", manifest.Lessons is not null), ("completion", manifest.Completion is not null),
                     ("preTest", manifest.PreTest is not null), ("postTest", manifest.PostTest is not null),
                 })
            if (present)
                at.Error(PackageErrorCodes.InvalidValue, field, $"{field} belongs to lesson packages; in a cmi5 course the AUs of cmi5.xml and their moveOn take its place.");
        CheckChallengesAndBadges(manifest, files, at);

        if (report.Errors.Count > 0 || version is null || course is null) return (null, report.Errors);
        manifest.Lessons = [];
        var none = new QuestionSet { Questions = [] };
        return (new ContentPackage(manifest, version, files, none, none, new Dictionary<string, Template>(), course), report.Errors);
    }
}
