using Gamified.Common;
using Microsoft.AspNetCore.Http;

namespace Gamified.Api.Exports;

/// <summary>How a download endpoint refuses: the GraphQL error shape (message, <c>extensions.code</c>) with a fitting HTTP status.</summary>
public static class ExportProblems
{
    public static IResult Problem(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { message, extensions = new { code } } } }, statusCode: status);

    public static IResult Refused(DomainException refused) => Problem(refused.Code switch
    {
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    }, refused.Code, refused.Message);
}
