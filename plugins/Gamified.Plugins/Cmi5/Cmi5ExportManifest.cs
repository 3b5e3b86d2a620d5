using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Validation;

namespace Gamified.Plugins.Cmi5;

/// <summary>
/// What the publisher of a tool's export says in the publish request, for the catalogue facts cmi5.xml has no place for.
/// Every value is optional: <see cref="Cmi5ExportManifest"/> fills in the rest.
/// </summary>
public sealed record Cmi5PublishFacts(string? PackageId = null, string? Version = null, string? Licence = null, int? EstimatedMinutes = null,
    string? ReviewBy = null)
{
    public bool IsEmpty => this == new Cmi5PublishFacts();
}

/// <summary>
/// The <c>manifest.json</c> of a cmi5 export that came without one (authoring tools write <c>cmi5.xml</c> only). The server
/// writes it into the stored archive, so every node and every restart reads the same facts the publish decided.
/// </summary>
public static partial class Cmi5ExportManifest
{
    /// <summary>The licence (and the author's affiliation) of an export whose publisher named none: its terms are the
    /// vendor's, not ours to guess.</summary>
    public const string Unstated = "unstated";

    /// <summary>Where refusals about the publish request's own values point (there is no manifest line to point at).</summary>
    public const string RequestPath = "input";

    public const int MinutesPerUnit = 10;

    /// <summary>An export is reviewed a year after it is published, unless the publisher says otherwise.</summary>
    public const int ReviewAfterMonths = 12;

    /// <summary>The oldest server version: a derived manifest asks nothing of the server, so a rollback still reads it.</summary>
    public const string MinServerVersion = "0.1.0";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotWordPattern();

    /// <summary>
    /// The package id of a course IRI: <c>cmi5.</c>, the IRI's last words (readable in the catalogue), and 8 hex digits of
    /// its SHA-256 (so two courses whose words agree, or were cut, still get two ids). The same IRI always gives the same
    /// id, so a new export of the same course is a new version of the same package. At most 40 characters.
    /// </summary>
    public static string PackageIdFor(string courseIri)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(courseIri)))[..8];
        // The path names the course; the host (often the vendor's) only when there is no path.
        var address = !Uri.TryCreate(courseIri, UriKind.Absolute, out var uri) ? courseIri
            : uri.AbsolutePath.Trim('/').Length > 0 ? uri.AbsolutePath : uri.Host;
        var words = NotWordPattern().Replace(address.ToLowerInvariant(), "-").Trim('-');
        const int room = 40 - 5 - 1 - 8;   // "cmi5." + words + "-" + hash
        if (words.Length > room)
        {
            // Keep the last words whole: a word cut in half reads as another word.
            var kept = words[^room..];
            words = words[^(room + 1)] == '-' || !kept.Contains('-') ? kept : kept[(kept.IndexOf('-') + 1)..];
        }
        return words.Length == 0 ? $"cmi5.{hash}" : $"cmi5.{words}-{hash}";
    }

    /// <summary>The manifest of an export: its id and version decided by the caller, the rest from the request or the defaults.</summary>
    private static PackageManifest Derive(Cmi5Course course, string packageId, string version, string publisher, Cmi5PublishFacts facts,
        DateOnly today) => new()
    {
        Id = packageId,
        Version = version,
        Authors = [new PackageAuthor { Name = publisher, Affiliation = Unstated }],
        Licence = facts.Licence ?? Unstated,
        Tags = ["cmi5"],
        EstimatedMinutes = facts.EstimatedMinutes ?? Math.Clamp(course.Units.Count * MinutesPerUnit, 1, 600),
        MinServerVersion = MinServerVersion,
        ReviewBy = facts.ReviewBy ?? today.AddMonths(ReviewAfterMonths).ToString("yyyy-MM-dd"),
    };

    /// <summary>
    /// The files of an export with the derived manifest added, or why not. A package that has its own manifest.json, or is
    /// not a cmi5 course, is returned as it is when the request gives no facts, and refused when it does: the request's
    /// values would otherwise be silently ignored. <paramref name="nextVersion"/> gives the version after the newest
    /// published one of an id (1.0.0 for a new id).
    /// </summary>
    public static (PackageFiles? Files, IReadOnlyList<PackageError> Errors) Complete(PackageFiles files, Cmi5PublishFacts facts,
        string publisher, DateOnly today, Func<string, SemanticVersion> nextVersion, PackageLimits? limits = null)
    {
        if (!files.Contains(Cmi5Course.FileName) || files.Contains(PackageValidator.ManifestFile))
            return facts.IsEmpty ? (files, []) : (null, [Refusal(PackageErrorCodes.InvalidValue,
                "packageId, version, licence, estimatedMinutes and reviewBy are for a cmi5 export without manifest.json; this package's manifest.json gives them.")]);

        var errors = new List<PackageError>();
        var course = Cmi5CourseReader.Read(files, errors);
        if (course is null) return (null, errors);
        if (facts.Version is not null && !SemanticVersion.TryParse(facts.Version, out _))
            return (null, [Refusal(PackageErrorCodes.InvalidVersion, $"version '{facts.Version}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0).")]);
        if (files.Count >= (limits ?? PackageLimits.Default).MaxEntries)
            return (null, [Refusal(PackageErrorCodes.TooManyEntries, "The archive has no room for the manifest.json the server writes into it; remove a file.")]);

        var id = facts.PackageId ?? PackageIdFor(course.Id);
        var version = facts.Version ?? nextVersion(id).ToString();
        var manifest = Derive(course, id, version, publisher, facts, today);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);
        return (files.With(PackageValidator.ManifestFile, json), []);
    }

    /// <summary>The validator's refusals of a derived manifest, pointed at the request that gave (or left out) the values.</summary>
    public static IReadOnlyList<PackageError> AsRequestErrors(IEnumerable<PackageError> errors) =>
        errors.Select(e => e.Path == PackageValidator.ManifestFile ? e with { Path = RequestPath, Line = null, Column = null } : e).ToList();

    private static PackageError Refusal(string code, string message) => new(code, RequestPath, null, null, message);

    private static readonly System.Text.Json.JsonSerializerOptions ManifestJson = new(PackageValidator.Json)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
