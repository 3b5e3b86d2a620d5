namespace Gamified.Activity;

/// <summary>The verbs and object kinds the server understands, with their xAPI identifiers.</summary>
public static class Verbs
{
    public static readonly IReadOnlyDictionary<string, string> Iris = new Dictionary<string, string>
    {
        ["started"] = "http://adlnet.gov/expapi/verbs/launched",
        ["completed"] = "http://adlnet.gov/expapi/verbs/completed",
        ["passed"] = "http://adlnet.gov/expapi/verbs/passed",
        ["failed"] = "http://adlnet.gov/expapi/verbs/failed",
        ["answered"] = "http://adlnet.gov/expapi/verbs/answered",
        ["rated"] = "https://gamified.local/xapi/verbs/rated",
        ["submitted-idea"] = "https://gamified.local/xapi/verbs/submitted-idea",
        ["attended"] = "http://adlnet.gov/expapi/verbs/attended",
        ["voted-idea"] = "https://gamified.local/xapi/verbs/voted-idea",
        ["won-idea"] = "https://gamified.local/xapi/verbs/won-idea",
    };

    /// <summary>
    /// Verbs only the server states, from what it witnessed (a check-in code, a brainstorm's ideas and votes):
    /// learners cannot record them for themselves, so rewards for them cannot be claimed without the act.
    /// </summary>
    public static readonly IReadOnlySet<string> ServerAttested = new HashSet<string>
    {
        "attended", "submitted-idea", "voted-idea", "won-idea",
    };

    public static readonly IReadOnlySet<string> ObjectKinds = new HashSet<string>
    {
        "package", "lesson", "quiz", "challenge", "session", "idea",
    };
}
