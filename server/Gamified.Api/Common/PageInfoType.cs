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

    /// <summary>The position in a cursor made by <see cref="Cursor"/> for the same kind, or BAD_USER_INPUT.</summary>
    public static long Position(string kind, string cursor, string field = "after")
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(kind + ":", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(kind.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position))
                return position;
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
