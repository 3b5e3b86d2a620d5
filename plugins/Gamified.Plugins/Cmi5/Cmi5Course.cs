using Gamified.Plugins.Packages;

namespace Gamified.Plugins.Cmi5;

/// <summary>
/// A cmi5 course structure (<c>cmi5.xml</c>) as read and checked by <see cref="Cmi5CourseReader"/>: the course's IRI,
/// its texts, and its assignable units in document order (blocks only group them, so they are flattened here).
/// </summary>
public sealed record Cmi5Course(string Id, Localized Title, Localized Description, IReadOnlyList<AssignableUnit> Units)
{
    public const string FileName = "cmi5.xml";

    public AssignableUnit? Unit(string id) => Units.FirstOrDefault(u => u.Id == id);
}

/// <summary>
/// One AU. <see cref="Url"/> is a path inside the package (absolute URLs are refused on import: every AU is served by us),
/// possibly with a query string the author put there; <see cref="MasteryScore"/> is 0..1 as the spec writes it.
/// </summary>
public sealed record AssignableUnit(string Id, Localized Title, Localized Description, string Url, string LaunchMethod, string MoveOn,
    decimal? MasteryScore, string? ActivityType, string? LaunchParameters)
{
    /// <summary>The path of the AU's launch file, without the query or fragment.</summary>
    public string FilePath => Url.Split('?', '#')[0];
}

/// <summary>The cmi5 spec's moveOn values (section 13.1.4): what satisfies an AU.</summary>
public static class Cmi5MoveOn
{
    public const string Passed = "Passed";
    public const string Completed = "Completed";
    public const string CompletedAndPassed = "CompletedAndPassed";
    public const string CompletedOrPassed = "CompletedOrPassed";
    public const string NotApplicable = "NotApplicable";
    public static readonly IReadOnlyList<string> All = [Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable];
}

/// <summary>The cmi5 spec's launchMethod values: the LMS may use any window (we use a frame) or must give the AU its own.</summary>
public static class Cmi5LaunchMethod
{
    public const string AnyWindow = "AnyWindow";
    public const string OwnWindow = "OwnWindow";
    public static readonly IReadOnlyList<string> All = [AnyWindow, OwnWindow];
}
