using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gamified.Plugins.Cmi5;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;
using Microsoft.Extensions.Logging;

namespace Gamified.Content;

/// <summary>One published version of a package, as this node holds it.</summary>
public sealed record CatalogEntry(ContentPackage Package, string Owner, string Source, DateTimeOffset PublishedAt, DateTimeOffset? RetiredAt)
{
    public bool IsRetired => RetiredAt is not null;
}

public sealed record PublishResult(CatalogEntry? Entry, IReadOnlyList<PackageError> Errors);

/// <summary>
/// What publishing an archive would meet, without publishing it: the package when its content is valid (so its
/// lessons can be previewed), and every problem, including the refusals publishing would add (owner, version).
/// </summary>
public sealed record PackageCheck(ContentPackage? Package, IReadOnlyList<PackageError> Errors)
{
    public bool IsValid => Package is not null && Errors.Count == 0;
}

/// <summary>
/// Every package version this node can serve, validated and compiled, loaded from the database (so every node
/// of a cluster serves the same versions, and they survive restarts). Versions are never dropped: a learner
/// who started 1.2.0 keeps getting 1.2.0 after 1.3.0 arrives; retiring only hides a version from new starts.
/// A publish is validated completely before anything is stored, and stored before it is served: either the
/// new version is there, whole, or nothing changed.
/// </summary>
public sealed class PackageCatalog(IPackageStore store, TimeProvider clock, ILogger<PackageCatalog> logger)
{
    public const string ContentDirectoryOwner = "content-directory";

    private readonly ConcurrentDictionary<string, ImmutableSortedDictionary<SemanticVersion, CatalogEntry>> _packages = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);

    public CatalogEntry? Get(string packageId, string version) =>
        SemanticVersion.TryParse(version, out var parsed) && _packages.TryGetValue(packageId, out var versions)
            ? versions.GetValueOrDefault(parsed)
            : null;

    /// <summary>The newest version that is not retired: what a new start gets.</summary>
    public CatalogEntry? Latest(string packageId) =>
        _packages.TryGetValue(packageId, out var versions) ? versions.Values.LastOrDefault(v => !v.IsRetired) : null;

    public IReadOnlyList<CatalogEntry> Versions(string packageId) =>
        _packages.TryGetValue(packageId, out var versions) ? versions.Values.ToList() : [];

    public IEnumerable<CatalogEntry> LatestOfEach() =>
        _packages.Keys.Order(StringComparer.Ordinal).Select(Latest).OfType<CatalogEntry>();

    public IEnumerable<string> PackageIds => _packages.Keys;

    /// <summary>Validates and stores an uploaded archive as a new version, then serves it.</summary>
    /// <remarks>
    /// A cmi5 export without manifest.json (as authoring tools write them) is completed first with one derived from its
    /// cmi5.xml and <paramref name="facts"/> (<see cref="Cmi5ExportManifest"/>); the stored archive holds that manifest.
    /// </remarks>
    public async Task<PublishResult> Publish(byte[] archive, string owner, bool mayOverrideOwner, Cmi5PublishFacts? facts = null)
    {
        var (files, errors, derived) = Read(archive, owner, facts);
        if (files is null) return new PublishResult(null, errors);
        var result = await PublishFiles(files, owner, "upload", mayOverrideOwner);
        return derived ? result with { Errors = Cmi5ExportManifest.AsRequestErrors(result.Errors) } : result;
    }

    /// <summary>The files of an upload, completed with a derived manifest when it is a cmi5 export without one.</summary>
    private (PackageFiles? Files, IReadOnlyList<PackageError> Errors, bool Derived) Read(byte[] archive, string owner, Cmi5PublishFacts? facts)
    {
        var (files, readErrors) = PackageFiles.FromZip(archive);
        if (files is null) return (null, readErrors, false);
        var derived = files.Contains(Cmi5Course.FileName) && !files.Contains(PackageValidator.ManifestFile);
        var (completed, errors) = Cmi5ExportManifest.Complete(files, facts ?? new Cmi5PublishFacts(), owner,
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), NextVersion);
        return (completed, errors, derived);
    }

    /// <summary>
    /// The next patch after the newest version of a package published so far (retired ones count: versions are never
    /// reused), or 1.0.0. Two publishes of one export at once may both pick it; the store then refuses the second
    /// (VERSION_EXISTS), and publishing again picks the next one.
    /// </summary>
    private SemanticVersion NextVersion(string packageId) =>
        Versions(packageId).Select(v => v.Package.Version).Max() is { } newest
            ? new SemanticVersion(newest.Major, newest.Minor, newest.Patch + 1, null)
            : new SemanticVersion(1, 0, 0, null);

    /// <summary>Validates an uploaded archive as <see cref="Publish"/> would, and stores nothing.</summary>
    public PackageCheck Check(byte[] archive, string owner, bool mayOverrideOwner, Cmi5PublishFacts? facts = null)
    {
        var (files, readErrors, derived) = Read(archive, owner, facts);
        if (files is null) return new PackageCheck(null, readErrors);
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(files);
        if (package is null) return new PackageCheck(null, derived ? Cmi5ExportManifest.AsRequestErrors(errors) : errors);
        var known = Versions(package.Id);
        if (!mayOverrideOwner && known.Count > 0 && known[0].Owner != owner)
            return new PackageCheck(package, [new PackageError(PackageErrorCodes.NotOwner, PackageValidator.ManifestFile, null, null,
                $"The package id '{package.Id}' belongs to another author.")]);
        if (Get(package.Id, package.Version.ToString()) is not null)
            return new PackageCheck(package, [new PackageError(PackageErrorCodes.VersionExists, PackageValidator.ManifestFile, null, null,
                $"{package.Id} {package.Version} is published already; versions are never replaced.")]);
        return new PackageCheck(package, []);
    }

    /// <summary>
    /// Brings a package folder of the content directory in: a new version is stored and served; the same
    /// version with the same files is nothing new; the same version with different files is refused (bump the version).
    /// </summary>
    public async Task<PublishResult> ImportDirectory(string directory)
    {
        var (files, readErrors) = PackageFiles.FromDirectory(directory);
        if (files is null) return new PublishResult(null, readErrors);
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(files);
        if (package is null) return new PublishResult(null, errors);

        if (Get(package.Id, package.Version.ToString()) is { } known)
        {
            return known.Package.Files.ToZip().AsSpan().SequenceEqual(files.ToZip())
                ? new PublishResult(known, [])
                : new PublishResult(null, [new PackageError(PackageErrorCodes.VersionExists, PackageValidator.ManifestFile, null, null,
                    $"{package.Id} {package.Version} changed on disk without a new version; learners may be on it, so raise the version.")]);
        }
        return await PublishFiles(files, ContentDirectoryOwner, "content-directory", mayOverrideOwner: false, package);
    }

    public async Task<bool> Retire(string packageId, string version)
    {
        var entry = Get(packageId, version);
        if (entry is null || entry.IsRetired) return false;
        var at = clock.GetUtcNow();
        if (!await store.Retire(packageId, entry.Package.Version.ToString(), at)) return false;
        Put(entry with { RetiredAt = at });
        return true;
    }

    /// <summary>Loads versions other nodes published, and retirements, from the database.</summary>
    public async Task Refresh()
    {
        var stored = await store.ListVersions();
        foreach (var version in stored)
        {
            var entry = Get(version.PackageId, version.Version);
            if (entry is not null)
            {
                if (version.RetiredAt is not null && !entry.IsRetired) Put(entry with { RetiredAt = version.RetiredAt });
                continue;
            }
            var archive = await store.ReadArchive(version.PackageId, version.Version);
            var (files, readErrors) = archive is null ? (null, []) : PackageFiles.FromZip(archive);
            var (package, errors) = files is null ? (null, readErrors) : new PackageValidator(ServerVersion.Current).Validate(files);
            if (package is null)
            {
                logger.LogError("Stored package {Package} {Version} no longer validates: {Errors}", version.PackageId, version.Version,
                    string.Join("; ", errors));
                continue;
            }
            Put(new CatalogEntry(package, version.Owner, version.Source, version.PublishedAt, version.RetiredAt));
        }
    }

    private async Task<PublishResult> PublishFiles(PackageFiles files, string owner, string source, bool mayOverrideOwner,
        ContentPackage? validated = null)
    {
        var package = validated;
        if (package is null)
        {
            var (checkedPackage, errors) = new PackageValidator(ServerVersion.Current).Validate(files);
            if (checkedPackage is null) return new PublishResult(null, errors);
            package = checkedPackage;
        }

        await _changes.WaitAsync();
        try
        {
            var at = clock.GetUtcNow();
            var refusal = await store.Publish(package.Id, package.Version.ToString(), owner, source, files.ToZip(), at, mayOverrideOwner);
            if (refusal == PublishRefusal.NotOwner)
                return new PublishResult(null, [new PackageError(PackageErrorCodes.NotOwner, PackageValidator.ManifestFile, null, null,
                    $"The package id '{package.Id}' belongs to another author.")]);
            if (refusal == PublishRefusal.VersionExists)
                return new PublishResult(null, [new PackageError(PackageErrorCodes.VersionExists, PackageValidator.ManifestFile, null, null,
                    $"{package.Id} {package.Version} is published already; versions are never replaced.")]);

            var entry = new CatalogEntry(package, await store.OwnerOf(package.Id) ?? owner, source, at, null);
            Put(entry);
            logger.LogInformation("Package {Package} {Version} published by {Owner}", package.Id, package.Version, owner);
            return new PublishResult(entry, []);
        }
        finally
        {
            _changes.Release();
        }
    }

    private void Put(CatalogEntry entry) =>
        _packages.AddOrUpdate(entry.Package.Id,
            _ => ImmutableSortedDictionary<SemanticVersion, CatalogEntry>.Empty.Add(entry.Package.Version, entry),
            (_, versions) => versions.SetItem(entry.Package.Version, entry));
}
