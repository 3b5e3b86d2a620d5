namespace Gamified.Cmi5;

/// <summary>The <c>Cmi5</c> configuration section.</summary>
public sealed class Cmi5Options
{
    public const string Section = "Cmi5";

    /// <summary>
    /// Where AU files are served from, e.g. <c>https://courses.example.gov.cn</c>: an origin of its own, so a course's scripts
    /// share no storage or cookies with the pages. When empty, AUs are served by this server under <c>/cmi5/</c> with a CSP
    /// <c>sandbox</c> (an opaque origin, so the same isolation in the browser) and shown in a sandboxed frame.
    /// </summary>
    public string? ContentOrigin { get; set; }

    /// <summary>How long a fetched auth token is worth something: long enough for one sitting of an AU.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long after its launch a session that initialized and did not terminate is abandoned by the server (cmi5 9.3.6),
    /// without waiting for a new launch of the AU: a learner who closed the window mid-way leaves a record that says so.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromHours(2);

    public string? Problem()
    {
        if (SessionTimeout < TimeSpan.FromSeconds(1) || SessionTimeout > TimeSpan.FromDays(7)) return "SessionTimeout is between a second and a week.";
        if (ContentOrigin is { Length: > 0 } && !(Uri.TryCreate(ContentOrigin, UriKind.Absolute, out var origin) && origin.Scheme is "https" or "http"
                                                  && origin.AbsolutePath == "/"))
            return "ContentOrigin is an origin: http(s)://host[:port], no path.";
        return TokenLifetime < TimeSpan.FromMinutes(5) || TokenLifetime > TimeSpan.FromDays(1) ? "TokenLifetime is between 5 minutes and a day." : null;
    }
}
