namespace Gamified.Api.Xapi;

/// <summary>The <c>Xapi</c> configuration section.</summary>
public sealed class XapiOptions
{
    public const string Section = "Xapi";

    /// <summary>
    /// Accept a service account's secret as HTTP Basic over plain HTTP from other machines. Off by default: Basic sends the
    /// secret itself with every request, so it is taken only over HTTPS (as the request arrives, or as a trusted proxy in
    /// <c>ForwardedHeaders</c> says) or from loopback. Turn it on only on a network where nobody can listen.
    /// </summary>
    public bool AllowBasicOverHttp { get; set; }

    /// <summary>The attachments' contents a statements request may carry (multipart/mixed), beyond its 1 MiB of statements:
    /// a request past it is refused with 413 <c>PAYLOAD_TOO_LARGE</c> before anything is stored. The whole request is held
    /// in memory while it is checked, so this is also the memory one request may take.</summary>
    public int MaxAttachmentBytes { get; set; } = 16 << 20;

    public string? Problem() => MaxAttachmentBytes is < 0 or > 256 << 20 ? "MaxAttachmentBytes is between 0 and 256 MiB." : null;
}
