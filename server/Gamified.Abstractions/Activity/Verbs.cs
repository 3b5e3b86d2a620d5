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
    };

    public static readonly IReadOnlySet<string> ObjectKinds = new HashSet<string>
    {
        "package", "lesson", "quiz", "challenge", "session", "idea",
    };
}
