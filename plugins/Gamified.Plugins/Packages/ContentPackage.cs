using Gamified.Plugins.Cmi5;
using Scriban;

namespace Gamified.Plugins.Packages;

/// <summary>
/// A package that passed validation: its manifest, files, question sets and compiled templates. Immutable;
/// one instance per package version, shared by every render of it.
/// </summary>
public sealed class ContentPackage
{
    internal ContentPackage(PackageManifest manifest, SemanticVersion version, PackageFiles files,
        QuestionSet preTest, QuestionSet postTest, IReadOnlyDictionary<string, Template> templates, Cmi5Course? course = null)
    {
        Course = course;
        Manifest = manifest;
        Version = version;
        Files = files;
        PreTest = preTest;
        PostTest = postTest;
        Templates = templates;
    }

    public string Id => Manifest.Id!;

    /// <summary>How the package is taken: our own lessons and tests, or a cmi5 course whose AUs report to the LRS.</summary>
    public PackageKind Kind => Course is null ? PackageKind.Lessons : PackageKind.Cmi5;

    /// <summary>The course structure of a <see cref="PackageKind.Cmi5"/> package; null for our own kind.</summary>
    public Cmi5Course? Course { get; }
    public SemanticVersion Version { get; }
    public PackageManifest Manifest { get; }
    public PackageFiles Files { get; }
    public QuestionSet PreTest { get; }
    public QuestionSet PostTest { get; }

    /// <summary>Compiled templates by path (lessons and the partials they include).</summary>
    public IReadOnlyDictionary<string, Template> Templates { get; }

    public IReadOnlyList<LessonEntry> Lessons => Manifest.Lessons!;

    public LessonEntry? Lesson(string id) => Lessons.FirstOrDefault(l => l.Id == id);

    /// <summary>A cmi5 course is done when each of its AUs is satisfied by its own moveOn: as a whole, "Completed".</summary>
    public string MoveOn => Course is null ? Manifest.Completion!.MoveOn! : Packages.MoveOn.Completed;

    public int MasteryScore => Manifest.Completion?.MasteryScore ?? 0;

    public DateOnly ReviewBy => DateOnly.ParseExact(Manifest.ReviewBy!, "yyyy-MM-dd");
}

public enum PackageKind
{
    /// <summary>Our own package: Scriban lessons, a pre-test and a post-test.</summary>
    Lessons,

    /// <summary>A cmi5 course: assignable units launched from the server that report to its LRS.</summary>
    Cmi5,
}
