using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Content;
using Gamified.Plugins.Cmi5;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Api.Content;

/// <summary>The API's way to the catalogue (for what packages are) and to the learner-package grains (for taking them).</summary>
public sealed class PackageService(IGrainFactory grains, PackageCatalog catalog, IPackageStore store, TimeProvider clock)
{
    public const int MaxArchiveBase64Length = 14 * 1024 * 1024;

    /// <summary>The newest version of each package, optionally only those with a tag, or fully written in a locale.</summary>
    public IEnumerable<CatalogEntry> Catalogue(string? tag, string? locale = null) =>
        catalog.LatestOfEach().Where(e => (tag is null || (e.Package.Manifest.Tags ?? []).Contains(tag))
                                          && (locale is null || locale == "zh-CN" || e.Package.Lessons.All(l => !string.IsNullOrWhiteSpace(l.Templates!.En))));

    public CatalogEntry? Find(string packageId, string? version) =>
        version is null ? catalog.Latest(packageId) ?? catalog.Versions(packageId).LastOrDefault() : catalog.Get(packageId, version);

    public IReadOnlyList<CatalogEntry> Versions(string packageId) => catalog.Versions(packageId);

    public ILearnerPackageGrain Progress(string learnerId, string packageId) =>
        grains.GetGrain<ILearnerPackageGrain>(ILearnerPackageGrain.Key(Validate.Id(learnerId, "learnerId"), Validate.Id(packageId, "packageId")));

    public async Task<PublishResult> Publish(Caller caller, string archiveBase64, Cmi5PublishFacts? facts = null)
    {
        var (archive, error) = Decode(archiveBase64);
        if (archive is null) return new PublishResult(null, [error!]);
        return await catalog.Publish(archive, caller.Name, mayOverrideOwner: caller.IsAdmin, facts);
    }

    /// <summary>Validates an archive as publishing would (same limits), and publishes nothing.</summary>
    public PackageCheck Check(Caller caller, string archiveBase64)
    {
        var (archive, error) = Decode(archiveBase64);
        return archive is null ? new PackageCheck(null, [error!]) : catalog.Check(archive, caller.Name, mayOverrideOwner: caller.IsAdmin);
    }

    /// <summary>A lesson of an unpublished archive, rendered in the server's sandbox for a sample learner.</summary>
    public async Task<RenderedLesson> Preview(Caller caller, string archiveBase64, string lessonId, string locale)
    {
        var check = Check(caller, archiveBase64);
        var package = check.Package
                      ?? throw new DomainException(ErrorCodes.PackageInvalid, $"The package does not validate: {check.Errors[0]}", "archiveBase64");
        var lesson = package.Lesson(lessonId) ?? throw DomainException.NotFound("Lesson", lessonId);
        var english = locale == "en";
        var reader = new LessonReader(english ? "Sample learner" : "示例学员", english ? "Sample department" : "示例部门", [], null, null);
        string html;
        try
        {
            html = await LessonRenderer.RenderAsync(package, lesson, locale, reader);
        }
        catch (RenderBusyException busy)
        {
            throw new DomainException(ErrorCodes.Unavailable, busy.Message);
        }
        catch (TemplateRenderException problem)
        {
            throw new DomainException(ErrorCodes.TemplateRenderFailed, $"The lesson could not be shown: {problem.Message}");
        }
        return new RenderedLesson(package.Id, package.Version.ToString(), lesson.Id!, lesson.Kind!, lesson.Title!.For(locale), html,
            lesson.MinimumSeconds ?? 0);
    }

    /// <summary>The archive's bytes, or the problem that stops it being read (too large, not base64).</summary>
    private static (byte[]? Archive, PackageError? Error) Decode(string archiveBase64)
    {
        if (archiveBase64.Length > MaxArchiveBase64Length)
            return (null, new PackageError(PackageErrorCodes.PackageTooLarge, "", null, null, "The archive is too large."));
        try
        {
            return (Convert.FromBase64String(archiveBase64), null);
        }
        catch (FormatException)
        {
            return (null, new PackageError(PackageErrorCodes.NotAZip, "", null, null, "archiveBase64 is not base64."));
        }
    }

    public async Task<CatalogEntry> Retire(Caller caller, string packageId, string version)
    {
        var entry = catalog.Get(packageId, version) ?? throw DomainException.NotFound("Package version", $"{packageId} {version}");
        RequireOwner(caller, entry);
        if (!await catalog.Retire(packageId, version)) throw DomainException.Conflict($"{packageId} {version} is retired already.");
        return catalog.Get(packageId, version)!;
    }

    public void RequireOwner(Caller caller, CatalogEntry entry)
    {
        if (!caller.IsAdmin && entry.Owner != caller.Name)
            throw Caller.Forbidden($"Only the owner of '{entry.Package.Id}' or an admin may do this.");
    }

    public async Task<PackageRating> Rate(string learnerId, string packageId, int rating, string? comment)
    {
        var progress = await Progress(learnerId, packageId).Progress()
                       ?? throw new DomainException(ErrorCodes.PackageNotStarted, "Rate a package you have started.");
        Validate.Range(rating, 1, 5, "input.rating");
        var entry = new PackageRating(packageId, progress.Version, learnerId, rating,
            Validate.OptionalText(comment, "input.comment", 1000), clock.GetUtcNow());
        if (!await store.Rate(entry)) throw DomainException.Conflict($"You rated {packageId} {progress.Version} already; one rating a version.");
        return entry;
    }

    public Task<IReadOnlyList<PackageRating>> Ratings(string packageId, CancellationToken cancellationToken) =>
        store.Ratings(packageId, cancellationToken);

    public Task<IReadOnlyList<LearningResult>> Results(string packageId, CancellationToken cancellationToken) =>
        store.Results(packageId, cancellationToken);
}
