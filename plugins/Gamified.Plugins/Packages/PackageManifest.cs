using System.Text.Json.Serialization;

namespace Gamified.Plugins.Packages;

/// <summary>
/// <c>manifest.json</c> as written by the author. Everything here is checked by
/// <see cref="Validation.PackageValidator"/> before the package is used; the classes only carry data.
/// </summary>
public sealed class PackageManifest
{
    public string? Id { get; set; }
    public string? Version { get; set; }
    public Localized? Title { get; set; }
    public Localized? Summary { get; set; }
    public List<PackageAuthor>? Authors { get; set; }
    public string? Licence { get; set; }
    public List<string>? Tags { get; set; }
    public int? EstimatedMinutes { get; set; }
    public string? MinServerVersion { get; set; }
    public string? ReviewBy { get; set; }
    public CompletionRule? Completion { get; set; }
    public List<LessonEntry>? Lessons { get; set; }
    public string? PreTest { get; set; }
    public string? PostTest { get; set; }
    public List<PackageChallenge>? Challenges { get; set; }
    public List<PackageBadge>? Badges { get; set; }
}

public sealed class PackageAuthor
{
    public string? Name { get; set; }
    public string? Affiliation { get; set; }
}

/// <summary>cmi5's completion rule: what it takes to finish the package.</summary>
public sealed class CompletionRule
{
    /// <summary><c>Completed</c> (every lesson viewed), <c>Passed</c> (post-test at mastery), or <c>CompletedAndPassed</c>.</summary>
    public string? MoveOn { get; set; }

    /// <summary>Post-test score (0–100) that counts as passed.</summary>
    public int? MasteryScore { get; set; }
}

public static class MoveOn
{
    public const string Completed = "Completed";
    public const string Passed = "Passed";
    public const string CompletedAndPassed = "CompletedAndPassed";
    public static readonly IReadOnlyList<string> All = [Completed, Passed, CompletedAndPassed];
}

public sealed class LessonEntry
{
    public string? Id { get; set; }

    /// <summary><c>lesson</c> or <c>case-study</c>.</summary>
    public string? Kind { get; set; }
    public Localized? Title { get; set; }
    public LocalizedPath? Templates { get; set; }

    /// <summary>Seconds on the lesson before it counts as viewed.</summary>
    public int? MinimumSeconds { get; set; }
}

public static class LessonKinds
{
    public static readonly IReadOnlyList<string> All = ["lesson", "case-study"];
}

public sealed class PackageChallenge
{
    public string? Id { get; set; }
    public Localized? Title { get; set; }
    public int? Points { get; set; }
    public int? FirstN { get; set; }
}

public sealed class PackageBadge
{
    public string? Id { get; set; }
    public Localized? Name { get; set; }
    public Localized? Description { get; set; }
    public string? Image { get; set; }
}
