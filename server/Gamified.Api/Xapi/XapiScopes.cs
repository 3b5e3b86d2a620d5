namespace Gamified.Api.Xapi;

/// <summary>The xAPI scopes (xAPI 1.0.3, Communication 4.2) a service account may be given for the LRS at <c>/xapi/</c>.</summary>
public static class XapiScopes
{
    /// <summary>Store statements (recorded as the integration's, SERVICE: they score nothing by themselves).</summary>
    public const string Write = "statements/write";

    /// <summary>Read every statement.</summary>
    public const string Read = "statements/read";

    /// <summary>Read the statements this integration stored.</summary>
    public const string ReadMine = "statements/read/mine";

    /// <summary>Read and write any agent's state documents (a course player's bookmark, suspend data).</summary>
    public const string State = "state";

    /// <summary>Read and write activity and agent profiles.</summary>
    public const string Profile = "profile";
}
