using System.Text.RegularExpressions;

namespace Gamified.Plugins.Packages;

/// <summary>A semver 2.0 version (MAJOR.MINOR.PATCH[-pre][+build]); build metadata does not affect order.</summary>
public sealed partial record SemanticVersion(int Major, int Minor, int Patch, string? PreRelease) : IComparable<SemanticVersion>
{
    [GeneratedRegex(@"^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        var match = text is { Length: <= 64 } ? Pattern().Match(text) : Match.Empty;
        version = match.Success
            ? new SemanticVersion(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value),
                match.Groups[4].Success ? match.Groups[4].Value : null)
            : new SemanticVersion(0, 0, 0, null);
        return match.Success;
    }

    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a semantic version.");

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        var order = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (order != 0) return order;
        if (PreRelease is null) return other.PreRelease is null ? 0 : 1;   // a release outranks its pre-releases
        if (other.PreRelease is null) return -1;
        var left = PreRelease.Split('.');
        var right = other.PreRelease.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = int.TryParse(left[i], out var l);
            var rightNumeric = int.TryParse(right[i], out var r);
            var part = (leftNumeric, rightNumeric) switch
            {
                (true, true) => l.CompareTo(r),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (part != 0) return part;
        }
        return left.Length.CompareTo(right.Length);
    }

    public override string ToString() => PreRelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{PreRelease}";
}
