using GraphQL.Types;

namespace Gamified.Api.Common;

/// <summary>Relay's page info, for forward pagination.</summary>
public sealed record PageInfo(bool HasNextPage, string? EndCursor);

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(x => x.HasNextPage);
        Field(x => x.EndCursor, nullable: true);
    }
}

public static class Paging
{
    /// <summary>An opaque cursor for a position in a list: base64 of "kind:position".</summary>
    public static string Cursor(string kind, long position) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kind + ":" + position.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>An opaque cursor for a key in a list ordered by it: base64 of "kind:key".</summary>
    public static string Cursor(string kind, string key) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kind + ":" + key));

    /// <summary>The position in a cursor made by <see cref="Cursor(string, long)"/> for the same kind, or BAD_USER_INPUT.</summary>
    public static long Position(string kind, string cursor, string field = "after") =>
        long.Parse(Key(kind, cursor, key => long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _), field),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key in a cursor made by <see cref="Cursor(string, string)"/> for the same kind, if <paramref name="valid"/>; else BAD_USER_INPUT.</summary>
    public static string Key(string kind, string cursor, Func<string, bool> valid, string field = "after")
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(kind + ":", StringComparison.Ordinal) && valid(text[(kind.Length + 1)..])) return text[(kind.Length + 1)..];
        }
        catch (FormatException)
        {
        }
        throw Gamified.Common.DomainException.BadInput(field, $"{field} is not a cursor of this list.");
    }

    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static int CheckFirst(int? first)
    {
        var size = first ?? DefaultPageSize;
        if (size < 1 || size > MaxPageSize)
            throw Gamified.Common.DomainException.BadInput("first", $"first must be between 1 and {MaxPageSize}.");
        return size;
    }
}
