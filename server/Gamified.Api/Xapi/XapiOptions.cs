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

    public string? Problem() => null;
}
