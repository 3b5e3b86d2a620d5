using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Gamified.Api.Xapi;

/// <summary>
/// The <c>format</c> of a statements answer (xAPI 1.0.3, Communication 2.1.3): <c>exact</c> as stored; <c>ids</c> with
/// agents, groups, activities and verbs cut to what identifies them; <c>canonical</c> with every language map of verbs and
/// activities cut to the one language the caller prefers (<c>Accept-Language</c>), agents and groups as stored.
/// </summary>
internal static class StatementFormats
{
    public static void Apply(JsonNode? statement, string format, IReadOnlyList<string> languages)
    {
        if (statement is not JsonObject s || format == "exact") return;
        foreach (var part in new[] { s, s["object"] as JsonObject })
        {
            if (part is null) continue;
            if (format == "ids") Ids(part);
            else Canonical(part, languages);
        }
    }

    private static void Ids(JsonObject statement)
    {
        foreach (var key in new[] { "actor", "authority" }) Identify(statement[key]);
        if (statement["verb"] is JsonObject verb) statement["verb"] = new JsonObject { ["id"] = verb["id"]?.DeepClone() };
        if (statement["object"] is JsonObject target)
        {
            switch ((string?)target["objectType"])
            {
                case null or "Activity": statement["object"] = new JsonObject { ["id"] = target["id"]?.DeepClone() }; break;
                case "Agent" or "Group": Identify(target); break;
            }
        }
        if (statement["context"] is not JsonObject context) return;
        Identify(context["instructor"]);
        Identify(context["team"]);
        if (context["contextActivities"] is JsonObject activities)
            foreach (var (_, list) in activities)
                if (list is JsonArray array)
                    for (var i = 0; i < array.Count; i++) array[i] = new JsonObject { ["id"] = array[i]?["id"]?.DeepClone() };
    }

    private static readonly string[] Identifiers = ["mbox", "mbox_sha1sum", "openid", "account"];

    /// <summary>An agent or identified group keeps its type and identifier; an anonymous group, its members' identifiers.</summary>
    private static void Identify(JsonNode? node)
    {
        if (node is not JsonObject agent) return;
        var anonymous = !Identifiers.Any(k => agent[k] is not null);
        foreach (var key in agent.Select(p => p.Key).ToList())
            if (key != "objectType" && !Identifiers.Contains(key) && !(anonymous && key == "member")) agent.Remove(key);
        if (anonymous && agent["member"] is JsonArray members)
            foreach (var member in members) Identify(member);
    }

    private static void Canonical(JsonObject statement, IReadOnlyList<string> languages)
    {
        if (statement["verb"] is JsonObject verb) OneLanguage(verb, "display", languages);
        if (statement["object"] is JsonObject target && (string?)target["objectType"] is null or "Activity") Definition(target, languages);
        if (statement["context"]?["contextActivities"] is JsonObject activities)
            foreach (var (_, list) in activities)
                foreach (var activity in list as JsonArray ?? [])
                    if (activity is JsonObject a) Definition(a, languages);
    }

    private static void Definition(JsonObject activity, IReadOnlyList<string> languages)
    {
        if (activity["definition"] is not JsonObject definition) return;
        OneLanguage(definition, "name", languages);
        OneLanguage(definition, "description", languages);
        foreach (var list in new[] { "choices", "scale", "source", "target", "steps" })
            foreach (var component in definition[list] as JsonArray ?? [])
                if (component is JsonObject c) OneLanguage(c, "description", languages);
    }

    /// <summary>The map's entry in the first preferred language it has (a tag, or the language of a longer tag), else
    /// its first entry.</summary>
    private static void OneLanguage(JsonObject parent, string key, IReadOnlyList<string> languages)
    {
        if (parent[key] is not JsonObject map || map.Count <= 1) return;
        var chosen = languages.Select(l => map.FirstOrDefault(e => e.Key.Equals(l, StringComparison.OrdinalIgnoreCase)
                                                                   || e.Key.StartsWith(l + "-", StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(e => e.Key is not null);
        if (chosen.Key is null) chosen = map.First();
        parent[key] = new JsonObject { [chosen.Key] = chosen.Value?.DeepClone() };
    }

    /// <summary>The languages of <c>Accept-Language</c>, most preferred first (<c>*</c> and malformed entries left out).</summary>
    public static IReadOnlyList<string> Languages(string? acceptLanguage) =>
        StringWithQualityHeaderValue.TryParseList(acceptLanguage?.Split(',') ?? [], out var values)
            ? [.. values.Where(v => v.Value.Value is { Length: > 0 } tag && tag != "*")
                .OrderByDescending(v => v.Quality ?? 1.0).Select(v => v.Value.Value!)]
            : [];
}
