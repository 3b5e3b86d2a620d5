using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Xapi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gamified.Api.Xapi;

/// <summary>
/// The activity and person objects of the LRS (xAPI 1.0.3, Communication 2.4 and 2.5): <c>GET /xapi/activities?activityId=</c>
/// answers the activity with the definitions the caller's readable statements give it, merged; <c>GET /xapi/agents?agent=</c>
/// answers the Person object of that agent. The credentials' rules are the statements resource's: a person reaches only
/// themselves (their own statements, their own agent), an integration needs a statements read scope for activities.
/// </summary>
public static class XapiObjectEndpoints
{
    /// <summary>How many of the newest statements naming an activity its definition is merged from: enough for the
    /// definitions a course ever sends, and a bound on the work of one request.</summary>
    public const int MergedStatements = XapiStatements.MaxLimit;

    public static void MapGamifiedXapiObjects(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/xapi/activities", [HttpMethods.Get, HttpMethods.Head], http => Handle(http, Activity));
        endpoints.MapMethods("/xapi/agents", [HttpMethods.Get, HttpMethods.Head], http => Handle(http, Person));
    }

    private static async Task Handle(HttpContext http, Func<HttpContext, Caller, Task<JsonObject>> answer)
    {
        http.Response.Headers["X-Experience-API-Version"] = XapiEndpoints.Version;
        try
        {
            var caller = await XapiEndpoints.Admit(http);
            var body = await answer(http, caller);
            await http.Response.WriteAsJsonAsync(body, http.RequestAborted);
        }
        catch (XapiRefusal refusal)
        {
            await XapiEndpoints.Refuse(http, refusal.Status, refusal.Code, refusal.Message);
        }
        catch (DomainException domain) when (domain.Code == ErrorCodes.Unavailable)
        {
            await XapiEndpoints.Refuse(http, StatusCodes.Status503ServiceUnavailable, domain.Code, domain.Message);
        }
    }

    private static string Only(HttpContext http, string name)
    {
        if (http.Request.Query.Keys.FirstOrDefault(k => k != name) is { } other)
            throw new XapiRefusal(400, "BAD_REQUEST", $"'{other}' is not a parameter of this resource.");
        return XapiEndpoints.Single(http, name) is { Length: > 0 } value ? value : throw new XapiRefusal(400, "BAD_REQUEST", $"Send the {name} parameter.");
    }

    private static async Task<JsonObject> Activity(HttpContext http, Caller caller)
    {
        var id = XapiEndpoints.Iri(Only(http, "activityId"), "activityId");
        var statements = http.RequestServices.GetRequiredService<XapiStatements>();
        var page = await statements.Query(caller, new XapiStatementQuery(null, null, id, null, null, null, Ascending: false, null, MergedStatements, null,
            RelatedActivities: true), http.RequestAborted);
        var activity = new JsonObject { ["objectType"] = "Activity", ["id"] = id };
        JsonObject? definition = null;
        // Oldest first, so where two statements disagree on a single value the newest wins; language maps and
        // extensions gather every key any of them gave.
        foreach (var statement in page.Statements.Reverse())
        foreach (var named in Mentions(statement, id))
            if (named["definition"] is JsonObject sent) definition = Merge(definition ?? [], sent);
        if (definition is not null) activity["definition"] = definition;
        return activity;
    }

    /// <summary>Every activity object with this id in a statement: the object, the context activities, and the same in a
    /// sub-statement.</summary>
    private static IEnumerable<JsonObject> Mentions(JsonNode? statement, string id)
    {
        if (statement is not JsonObject s) yield break;
        foreach (var part in new[] { s, s["object"] as JsonObject })
        {
            if (part is null) continue;
            if (part["object"] is JsonObject obj && (string?)obj["objectType"] is null or "Activity" && (string?)obj["id"] == id) yield return obj;
            if (part["context"]?["contextActivities"] is not JsonObject activities) continue;
            foreach (var (_, value) in activities)
            foreach (var activity in value is JsonArray array ? array.ToList() : [value])
                if (activity is JsonObject a && (string?)a["id"] == id) yield return a;
        }
    }

    private static readonly HashSet<string> Maps = ["name", "description", "extensions"];

    private static JsonObject Merge(JsonObject merged, JsonObject sent)
    {
        foreach (var (key, value) in sent)
        {
            if (value is null) continue;
            if (Maps.Contains(key) && value is JsonObject map && merged[key] is JsonObject kept)
                foreach (var (entry, text) in map) kept[entry] = text?.DeepClone();
            else merged[key] = value.DeepClone();
        }
        return merged;
    }

    /// <summary>The Person object of the agent asked for (Communication 2.4): every identifier as an array. The LRS keeps no
    /// persons beyond its statements, so it answers what the request names, as the specification allows.</summary>
    private static Task<JsonObject> Person(HttpContext http, Caller caller)
    {
        var text = Only(http, "agent");
        JsonObject agent;
        try
        {
            agent = JsonNode.Parse(text) as JsonObject ?? throw new XapiRefusal(400, "BAD_REQUEST", "agent is an Agent object.");
        }
        catch (System.Text.Json.JsonException)
        {
            throw new XapiRefusal(400, "BAD_REQUEST", "agent is an Agent object in JSON.");
        }
        if ((string?)agent["objectType"] is { } type && type != "Agent") throw new XapiRefusal(400, "BAD_REQUEST", "agent is an Agent, not a Group.");
        var key = XapiEndpoints.AgentKey(text);
        var statements = http.RequestServices.GetRequiredService<XapiStatements>();
        if (!caller.IsService && !caller.IsAdmin && key != statements.PersonKey(caller.Subject!))
            throw new XapiRefusal(403, "FORBIDDEN", "A person reads only their own Person object.");
        var person = new JsonObject { ["objectType"] = "Person" };
        foreach (var property in new[] { "name", "mbox", "mbox_sha1sum", "openid", "account" })
            if (agent[property] is { } value) person[property] = new JsonArray(value.DeepClone());
        return Task.FromResult(person);
    }
}
