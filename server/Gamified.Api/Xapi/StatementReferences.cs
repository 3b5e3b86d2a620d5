using System.Text.Json.Nodes;
using Gamified.Xapi;

namespace Gamified.Api.Xapi;

/// <summary>
/// What the agent and activity filters look for beyond a statement's own columns (xAPI 1.0.3, Communication 2.1.3): an
/// agent or group as the object and the members of a group as actor or object (found by <c>agent</c>), and, for
/// <c>related_agents</c> / <c>related_activities</c>, the authority, context instructor and team, the context activities,
/// and all of these inside a sub-statement. Read from the statement as stored (checked already, authority set).
/// </summary>
internal static class StatementReferences
{
    public static IReadOnlyList<XapiReference> Of(JsonObject statement)
    {
        var found = new List<XapiReference>();
        Members(statement["actor"], main: true, found);
        if (statement["object"] is JsonObject { } target && (string?)target["objectType"] == "StatementRef")
            found.Add(new XapiReference(XapiReference.Statement, ((string)target["id"]!).ToLowerInvariant(), true));
        Parts(statement["object"], main: true, found);
        Agent(statement["authority"], main: false, found);
        Context(statement["context"], found);
        if (statement["object"] is JsonObject { } sub && (string?)sub["objectType"] == "SubStatement")
        {
            Agent(sub["actor"], main: false, found);
            Parts(sub["object"], main: false, found);
            Context(sub["context"], found);
        }
        return [.. found.Distinct()];
    }

    /// <summary>The object: an agent or group, or (outside the top level) an activity; the top-level activity is the
    /// statement's own column.</summary>
    private static void Parts(JsonNode? node, bool main, List<XapiReference> found)
    {
        if (node is not JsonObject obj) return;
        switch ((string?)obj["objectType"])
        {
            case "Agent" or "Group":
                Agent(obj, main, found);
                break;
            case null or "Activity" when !main && obj["id"] is { } id:
                found.Add(new XapiReference(XapiReference.Activity, (string)id!, false));
                break;
        }
    }

    private static void Context(JsonNode? node, List<XapiReference> found)
    {
        if (node is not JsonObject context) return;
        Agent(context["instructor"], main: false, found);
        Agent(context["team"], main: false, found);
        if (context["contextActivities"] is not JsonObject activities) return;
        foreach (var (_, value) in activities)
        foreach (var activity in value is JsonArray array ? array.ToList() : [value])
            if (activity?["id"] is { } id) found.Add(new XapiReference(XapiReference.Activity, (string)id!, false));
    }

    /// <summary>An agent or group and a group's members.</summary>
    private static void Agent(JsonNode? node, bool main, List<XapiReference> found)
    {
        if (node is null) return;
        found.Add(new XapiReference(XapiReference.Agent, StatementValidator.AgentKey(node, "agent"), main));
        Members(node, main, found);
    }

    private static void Members(JsonNode? node, bool main, List<XapiReference> found)
    {
        if (node?["member"] is not JsonArray members) return;
        foreach (var member in members) found.Add(new XapiReference(XapiReference.Agent, StatementValidator.AgentKey(member, "agent"), main));
    }
}
