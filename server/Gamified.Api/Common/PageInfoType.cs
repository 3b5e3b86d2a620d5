using GraphQL.Types;

namespace Gamified.Api.Common;

/// <summary>
/// Relay's page info. Our lists page forward only, so, as the Relay spec allows, a page has a previous one
/// exactly when it was asked for with <c>after</c>.
/// </summary>
public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor)
{
    /// <summary>The page info of a forward page: its edges' cursors, whether more follow, and the <c>after</c> it was read with.</summary>
    public static PageInfo Forward(IReadOnlyList<string> cursors, bool hasNextPage, string? after) =>
        new(hasNextPage, after is not null, cursors.Count > 0 ? cursors[0] : null, cursors.Count > 0 ? cursors[^1] : after);
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(x => x.HasNextPage);
        Field(x => x.HasPreviousPage).Description("Whether the page was read with `after` (pages are read forward only).");
        Field(x => x.StartCursor, nullable: true).Description("The first edge's cursor; null on an empty page.");
        Field(x => x.EndCursor, nullable: true).Description("The last edge's cursor; on an empty page, the `after` it was read with.");
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
