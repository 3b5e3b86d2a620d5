using System.Text.RegularExpressions;

namespace Gamified.Common;

/// <summary>
/// Guards for values that come from outside. Each throws a <see cref="DomainException"/> with
/// <see cref="ErrorCodes.BadUserInput"/> naming the field, so clients learn exactly what to fix.
/// </summary>
public static partial class Validate
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 2000;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();

    /// <summary>Ids are lower-case slugs: letters, digits, '.', '_' and '-', at most 64 characters.</summary>
    public static string Id(string? value, string field)
    {
        var id = value?.Trim() ?? "";
        if (id.Length == 0)
            throw DomainException.BadInput(field, $"{field} must not be empty.");
        if (id.Length > MaxIdLength)
            throw DomainException.BadInput(field, $"{field} must be at most {MaxIdLength} characters.");
        if (!IdPattern().IsMatch(id))
            throw DomainException.BadInput(field, $"{field} may contain only lower-case letters, digits, '.', '_' and '-', and must start with a letter or digit.");
        return id;
    }

    /// <summary>Whether <paramref name="value"/> is a well-formed id (for lookups, where a bad id simply finds nothing).</summary>
    public static bool IsId(string? value) => value is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(value);

    public static string Name(string? value, string field, int maxLength = MaxNameLength)
    {
        var name = value?.Trim() ?? "";
        if (name.Length == 0)
            throw DomainException.BadInput(field, $"{field} must not be empty.");
        if (name.Length > maxLength)
            throw DomainException.BadInput(field, $"{field} must be at most {maxLength} characters.");
        if (name.Any(char.IsControl))
            throw DomainException.BadInput(field, $"{field} must not contain control characters.");
        return WellFormed(name, field);
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Refuses text with a lone UTF-16 surrogate: it has no UTF-8 form, so PostgreSQL would refuse it and SQLite
    /// would silently store U+FFFD, making two different strings equal.
    /// </summary>
    public static string WellFormed(string value, string field)
    {
        try
        {
            StrictUtf8.GetByteCount(value);
            return value;
        }
        catch (System.Text.EncoderFallbackException)
        {
            throw DomainException.BadInput(field, $"{field} is not well-formed Unicode text.");
        }
    }

    public static string? OptionalText(string? value, string field, int maxLength = MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (text.Length > maxLength)
            throw DomainException.BadInput(field, $"{field} must be at most {maxLength} characters.");
        return WellFormed(text, field);
    }

    public static LocalizedText Names(LocalizedText? value, string field) => new(
        Name(value?.ZhCn, field + ".zhCN"),
        Name(value?.En, field + ".en"));

    public static int Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
            throw DomainException.BadInput(field, $"{field} must be between {min} and {max}.");
        return value;
    }

    /// <summary>A date argument within the years 2000 to 2100, so the arithmetic on it (weeks, windows) cannot overflow.</summary>
    public static DateTimeOffset Moment(DateTimeOffset value, string field)
    {
        if (value.UtcDateTime.Year is < 2000 or > 2100)
            throw DomainException.BadInput(field, $"{field} must be in the years 2000 to 2100.");
        return value;
    }

    public static DateTimeOffset? Moment(DateTimeOffset? value, string field) => value is { } at ? Moment(at, field) : null;
}
