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
