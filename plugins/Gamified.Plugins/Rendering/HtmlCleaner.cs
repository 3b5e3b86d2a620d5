using Ganss.Xss;

namespace Gamified.Plugins.Rendering;

/// <summary>
/// Removes scripts, event handlers, <c>javascript:</c> URLs and the like from rendered lessons, so an
/// author's page cannot run code in a learner's browser.
/// </summary>
public static class HtmlCleaner
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Clean(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("lang");
        sanitizer.AllowedSchemes.Remove("http");   // lessons link to their own assets or https pages only
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        return sanitizer;
    }
}
