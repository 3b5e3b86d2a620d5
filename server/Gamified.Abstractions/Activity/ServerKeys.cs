namespace Gamified.Activity;

/// <summary>
/// The idempotency keys the server gives the statements it records itself (package steps, check-ins, brainstorm
/// results). A learner's own key must not take one of these forms: a statement recorded first under such a key
/// would make the server's statement a conflicting replay, and block it (a brainstorm could never close).
/// </summary>
public static class ServerKeys
{
    public static readonly IReadOnlyList<string> Prefixes = ["package:", "plan:", "brainstorm:"];

    public static bool IsServers(string key) => Prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));
}
