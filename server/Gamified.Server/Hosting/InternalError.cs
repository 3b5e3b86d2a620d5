using Gamified.Common;

namespace Gamified.Server.Hosting;

internal static class InternalError
{
    public static Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsJsonAsync(new
        {
            errors = new[] { new { message = "An internal error occurred.", extensions = new { code = ErrorCodes.InternalServerError } } },
        });
    }
}
