using Gamified.Common;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Gamified.Server.Hosting;

/// <summary>The <c>Web</c> configuration section.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// The folder of the built pages. When not set: <c>wwwroot</c> beside the server's binary (a published server),
    /// else <c>web/dist</c> of the source checkout the server runs in (found by walking up to Gamified.sln).
    /// </summary>
    public string? Directory { get; set; }

    public string ResolveDirectory()
    {
        if (!string.IsNullOrWhiteSpace(Directory)) return Path.GetFullPath(Directory);
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, "index.html"))) return beside;
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "Gamified.sln")))
                    return Path.Combine(folder.FullName, "web", "dist");
        return beside;
    }
}

/// <summary>
/// Serves the learner, author and manager pages (built by npm from <c>web/</c>) at <c>/</c> and GraphiQL at
/// <c>/graphql/ui</c>, under a strict Content-Security-Policy: scripts and styles from this server only, no inline
/// script, so author content shown in lessons cannot run anything.
/// </summary>
internal static class WebPages
{
    /// <summary>
    /// The pages' policy: nothing inline, nothing from elsewhere, no framing. Images may also be data: URLs, for the check-in
    /// QR code the server draws as SVG (an SVG shown as an image runs no script and loads nothing).
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>GraphiQL's editor sets style attributes in markup; its scripts are still ours only.</summary>
    public const string GraphiQLPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void MapWebPages(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<WebOptions>();
        var root = options.ResolveDirectory();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebPages));
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            logger.LogWarning("The web pages are not built (no index.html in {Directory}); run the build with npm available", root);
            app.MapGet("/", () => Results.Text(
                "Gamified: the web pages are not built. Build with Node.js/npm installed (dotnet build builds web/), or set Web:Directory.\n" +
                "GraphQL answers at /graphql.\n", "text/plain; charset=utf-8"));
            return;
        }

        var pagePolicy = FramingCourses(PolicyFor(app.Services.GetRequiredService<Gamified.Api.Security.AuthOptions>()),
            app.Services.GetRequiredService<Gamified.Cmi5.Cmi5Options>());
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                SetSecurityHeaders(headers, pagePolicy);
                // Built assets carry a content hash in their name; pages must be fetched fresh to pick up a new build.
                headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        app.MapGet("/graphql/ui", (HttpContext http) =>
        {
            SetSecurityHeaders(http.Response.Headers, GraphiQLPolicy);
            http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            return Results.File(Path.Combine(root, "graphiql.html"), "text/html; charset=utf-8");
        });
    }

    /// <summary>The pages' policy, plus the external identity provider's origin in connect-src when the pages sign in there
    /// (they fetch its discovery document and token endpoint).</summary>
    public static string PolicyFor(Gamified.Api.Security.AuthOptions auth) =>
        !auth.UsesLocalKey && !string.IsNullOrWhiteSpace(auth.WebClientId) && Uri.TryCreate(auth.Authority, UriKind.Absolute, out var authority)
            ? PagePolicy.Replace("connect-src 'self'", $"connect-src 'self' {authority.GetLeftPart(UriPartial.Authority)}")
            : PagePolicy;

    /// <summary>The learner's course page frames AUs: from this server (default-src 'self' covers them), or from the
    /// configured content origin, which then needs naming in frame-src.</summary>
    public static string FramingCourses(string policy, Gamified.Cmi5.Cmi5Options cmi5) =>
        string.IsNullOrEmpty(cmi5.ContentOrigin) ? policy : policy + $"; frame-src 'self' {cmi5.ContentOrigin.TrimEnd('/')}";

    private static void SetSecurityHeaders(IHeaderDictionary headers, string policy)
    {
        headers[HeaderNames.ContentSecurityPolicy] = policy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
