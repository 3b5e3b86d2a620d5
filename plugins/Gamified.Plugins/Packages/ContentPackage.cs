using Scriban;

namespace Gamified.Plugins.Packages;

/// <summary>
/// A package that passed validation: its manifest, files, question sets and compiled templates. Immutable;
/// one instance per package version, shared by every render of it.
/// </summary>
public sealed class ContentPackage
{
    internal ContentPackage(PackageManifest manifest, SemanticVersion version, PackageFiles files,
        QuestionSet preTest, QuestionSet postTest, IReadOnlyDictionary<string, Template> templates)
    {
        Manifest = manifest;
        Version = version;
        Files = files;
        PreTest = preTest;
        PostTest = postTest;
        Templates = templates;
    }

    public string Id => Manifest.Id!;
    public SemanticVersion Version { get; }
    public PackageManifest Manifest { get; }
    public PackageFiles Files { get; }
    public QuestionSet PreTest { get; }
    public QuestionSet PostTest { get; }

    /// <summary>Compiled templates by path (lessons and the partials they include).</summary>
    public IReadOnlyDictionary<string, Template> Templates { get; }

    public IReadOnlyList<LessonEntry> Lessons => Manifest.Lessons!;

    public LessonEntry? Lesson(string id) => Lessons.FirstOrDefault(l => l.Id == id);

    public string MoveOn => Manifest.Completion!.MoveOn!;

    public int MasteryScore => Manifest.Completion!.MasteryScore ?? 0;

    public DateOnly ReviewBy => DateOnly.ParseExact(Manifest.ReviewBy!, "yyyy-MM-dd");
}
