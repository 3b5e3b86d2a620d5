using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gamified.Api.Xapi;

/// <summary>A statement the LRS refuses (400), with the path of the property at fault.</summary>
public sealed class InvalidStatementException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
}

/// <summary>What the LRS files a valid statement under.</summary>
public sealed record CheckedStatement(JsonObject Json, Guid? Id, string ActorKey, string VerbId, string? ActivityId, Guid? Registration, Guid? VoidsId);

/// <summary>
/// The statement rules of xAPI 1.0.3 (Data, section 2) that an LRS MUST enforce: only the properties the specification
/// names, no nulls, exactly one inverse functional identifier per agent, IRIs where IRIs are asked for, UUIDs, language
/// maps, scores within their bounds, ISO 8601 timestamps and durations, context properties that need an activity object,
/// sub-statements without their own id, and voiding only by a StatementRef. Pure: JSON in, a verdict out. docs/XAPI.md
/// maps each clause to its test.
/// </summary>
public static partial class StatementValidator
{
    public const string VoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

    private static readonly HashSet<string> StatementKeys = ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"];
    private static readonly HashSet<string> SubStatementKeys = ["objectType", "actor", "verb", "object", "result", "context", "timestamp"];
    private static readonly HashSet<string> AgentKeys = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"];
    private static readonly HashSet<string> GroupKeys = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"];
    private static readonly HashSet<string> ActivityKeys = ["objectType", "id", "definition"];
    private static readonly HashSet<string> DefinitionKeys = ["name", "description", "type", "moreInfo", "extensions", "interactionType",
        "correctResponsesPattern", "choices", "scale", "source", "target", "steps"];
    private static readonly HashSet<string> InteractionTypes = ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
        "sequencing", "likert", "numeric", "other"];
    private static readonly HashSet<string> ResultKeys = ["score", "success", "completion", "response", "duration", "extensions"];
    private static readonly HashSet<string> ScoreKeys = ["scaled", "raw", "min", "max"];
    private static readonly HashSet<string> ContextKeys = ["registration", "instructor", "team", "contextActivities", "revision", "platform",
        "language", "statement", "extensions"];
    private static readonly HashSet<string> ContextActivityKeys = ["parent", "grouping", "category", "other"];
    private static readonly string[] IfiKeys = ["mbox", "mbox_sha1sum", "openid", "account"];

    /// <summary>Checks a statement as sent by a client; throws <see cref="InvalidStatementException"/> on the first fault.</summary>
    public static CheckedStatement Check(JsonNode? node)
    {
        var statement = Object(node, "statement");
        Keys(statement, StatementKeys, "statement");
        NoNulls(statement, "statement");
        Guid? id = statement["id"] is { } idNode ? Uuid(idNode, "statement.id") : null;
        if (statement["version"] is { } version && !VersionPattern().IsMatch(String(version, "statement.version")))
            throw new InvalidStatementException("statement.version", "must be 1.0 or 1.0.x");
        if (statement["attachments"] is { } attachments) Attachments(attachments, "statement.attachments");
        if (statement["timestamp"] is { } timestamp) Timestamp(timestamp, "statement.timestamp");
        if (statement["stored"] is { } stored) Timestamp(stored, "statement.stored");
        if (statement["authority"] is { } authority) Authority(authority, "statement.authority");

        var actorKey = Actor(Required(statement, "actor", "statement"), "statement.actor");
        var verbId = Verb(Required(statement, "verb", "statement"), "statement.verb");
        var objectNode = Object(Required(statement, "object", "statement"), "statement.object");
        var (objectType, activityId) = StatementObject(objectNode, "statement.object", allowSubStatement: true);
        if (statement["result"] is { } result) Result(result, "statement.result");
        Guid? registration = null;
        if (statement["context"] is { } context) registration = Context(context, objectType, "statement.context");

        Guid? voids = null;
        if (verbId == VoidedVerb)
        {
            if (objectType != "StatementRef")
                throw new InvalidStatementException("statement.object", "a voiding statement's object is a StatementRef");
            voids = Uuid(objectNode["id"], "statement.object.id");
        }
        return new CheckedStatement(statement, id, actorKey, verbId, activityId, registration, voids);
    }

    /// <summary>An authority is an agent, or (OAuth's three-legged consumer and user) an anonymous group of exactly two
    /// agents (Data 2.4.9).</summary>
    private static void Authority(JsonNode node, string path)
    {
        Actor(node, path);
        if ((string?)node["objectType"] != "Group") return;
        if (IfiKeys.Any(k => node[k] is not null) || node["member"] is not JsonArray { Count: 2 })
            throw new InvalidStatementException(path, "a group as authority is anonymous and has exactly two members");
    }

    /// <summary>Checks an agent given as a query parameter (<c>agent=</c>) and returns the key statements are filed under.</summary>
    public static string AgentKey(JsonNode? node, string path) => Actor(node, path);

    private static string Actor(JsonNode? node, string path)
    {
        var actor = Object(node, path);
        var type = actor["objectType"] is { } t ? String(t, path + ".objectType") : "Agent";
        if (type == "Agent") return Agent(actor, path);
        if (type != "Group") throw new InvalidStatementException(path + ".objectType", "must be Agent or Group");
        Keys(actor, GroupKeys, path);
        if (actor["name"] is { } name) String(name, path + ".name");
        var ifis = IfiKeys.Count(k => actor[k] is not null);
        if (ifis > 1) throw new InvalidStatementException(path, "a group has at most one inverse functional identifier");
        var members = actor["member"];
        if (ifis == 0 && members is null) throw new InvalidStatementException(path + ".member", "an anonymous group lists its members");
        var memberKeys = new List<string>();
        if (members is not null)
        {
            if (members is not JsonArray array) throw new InvalidStatementException(path + ".member", "must be an array of agents");
            for (var i = 0; i < array.Count; i++)
            {
                var memberPath = $"{path}.member[{i}]";
                var member = Object(array[i], memberPath);
                if (member["objectType"] is { } memberType && String(memberType, memberPath + ".objectType") != "Agent")
                    throw new InvalidStatementException(memberPath + ".objectType", "a group's members are agents");
                memberKeys.Add(Agent(member, memberPath));
            }
        }
        return ifis == 1 ? Ifi(actor, path) : "group:" + string.Join(",", memberKeys.Order(StringComparer.Ordinal));
    }

    private static string Agent(JsonObject agent, string path)
    {
        Keys(agent, AgentKeys, path);
        if (agent["name"] is { } name) String(name, path + ".name");
        if (IfiKeys.Count(k => agent[k] is not null) != 1)
            throw new InvalidStatementException(path, "an agent has exactly one of mbox, mbox_sha1sum, openid and account");
        return Ifi(agent, path);
    }

    private static string Ifi(JsonObject actor, string path)
    {
        if (actor["mbox"] is { } mbox)
        {
            var value = String(mbox, path + ".mbox");
            if (!MboxPattern().IsMatch(value)) throw new InvalidStatementException(path + ".mbox", "must be mailto: and an e-mail address");
            return "mbox:" + value;
        }
        if (actor["mbox_sha1sum"] is { } sha)
        {
            var value = String(sha, path + ".mbox_sha1sum");
            if (!Sha1Pattern().IsMatch(value)) throw new InvalidStatementException(path + ".mbox_sha1sum", "must be 40 hexadecimal digits");
            return "mbox_sha1sum:" + value.ToLowerInvariant();
        }
        if (actor["openid"] is { } openid) return "openid:" + Iri(openid, path + ".openid");
        var account = Object(actor["account"], path + ".account");
        Keys(account, ["homePage", "name"], path + ".account");
        var homePage = Iri(Required(account, "homePage", path + ".account"), path + ".account.homePage");
        var accountName = String(Required(account, "name", path + ".account"), path + ".account.name");
        return $"account:{homePage}|{accountName}";
    }

    private static string Verb(JsonNode? node, string path)
    {
        var verb = Object(node, path);
        Keys(verb, ["id", "display"], path);
        var id = Iri(Required(verb, "id", path), path + ".id");
        if (verb["display"] is { } display) LanguageMap(display, path + ".display");
        return id;
    }

    private static (string Type, string? ActivityId) StatementObject(JsonObject target, string path, bool allowSubStatement)
    {
        var type = target["objectType"] is { } t ? String(t, path + ".objectType") : "Activity";
        switch (type)
        {
            case "Activity":
                Keys(target, ActivityKeys, path);
                var id = Iri(Required(target, "id", path), path + ".id");
                if (target["definition"] is { } definition) Definition(definition, path + ".definition");
                return (type, id);
            case "Agent" or "Group":
                Actor(target, path);
                return (type, null);
            case "StatementRef":
                Keys(target, ["objectType", "id"], path);
                Uuid(Required(target, "id", path), path + ".id");
                return (type, null);
            case "SubStatement" when allowSubStatement:
                Keys(target, SubStatementKeys, path);
                Actor(Required(target, "actor", path), path + ".actor");
                Verb(Required(target, "verb", path), path + ".verb");
                var inner = Object(Required(target, "object", path), path + ".object");
                var (innerType, _) = StatementObject(inner, path + ".object", allowSubStatement: false);
                if (target["result"] is { } result) Result(result, path + ".result");
                if (target["context"] is { } context) Context(context, innerType, path + ".context");
                if (target["timestamp"] is { } timestamp) Timestamp(timestamp, path + ".timestamp");
                return (type, null);
            case "SubStatement":
                throw new InvalidStatementException(path + ".objectType", "a sub-statement cannot hold another sub-statement");
            default:
                throw new InvalidStatementException(path + ".objectType", $"'{type}' is not an object type");
        }
    }

    private static void Definition(JsonNode node, string path)
    {
        var definition = Object(node, path);
        Keys(definition, DefinitionKeys, path);
        if (definition["name"] is { } name) LanguageMap(name, path + ".name");
        if (definition["description"] is { } description) LanguageMap(description, path + ".description");
        if (definition["type"] is { } type) Iri(type, path + ".type");
        if (definition["moreInfo"] is { } moreInfo) Iri(moreInfo, path + ".moreInfo");
        if (definition["extensions"] is { } extensions) Extensions(extensions, path + ".extensions");
        if (definition["interactionType"] is { } interaction && !InteractionTypes.Contains(String(interaction, path + ".interactionType")))
            throw new InvalidStatementException(path + ".interactionType", "is not an interaction type of xAPI");
        if (definition["interactionType"] is null && InteractionProperties.FirstOrDefault(p => definition[p] is not null) is { } used)
            throw new InvalidStatementException($"{path}.{used}", "belongs to an interaction: the definition needs an interactionType");
        if (definition["correctResponsesPattern"] is { } pattern)
        {
            if (pattern is not JsonArray responses) throw new InvalidStatementException(path + ".correctResponsesPattern", "must be an array of strings");
            for (var i = 0; i < responses.Count; i++) String(responses[i], $"{path}.correctResponsesPattern[{i}]");
        }
        foreach (var list in new[] { "choices", "scale", "source", "target", "steps" })
        {
            if (definition[list] is not { } components) continue;
            if (components is not JsonArray array) throw new InvalidStatementException($"{path}.{list}", "must be an array of interaction components");
            for (var i = 0; i < array.Count; i++)
            {
                var componentPath = $"{path}.{list}[{i}]";
                var component = Object(array[i], componentPath);
                Keys(component, ["id", "description"], componentPath);
                String(Required(component, "id", componentPath), componentPath + ".id");
                if (component["description"] is { } text) LanguageMap(text, componentPath + ".description");
            }
        }
    }

    private static readonly HashSet<string> AttachmentKeys = ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"];

    /// <summary>The signature attachment's usage type (Data 2.6); see <see cref="SignedStatements"/>.</summary>
    public const string SignatureUsage = "http://adlnet.gov/expapi/attachments/signature";

    private static void Attachments(JsonNode node, string path)
    {
        if (node is not JsonArray array) throw new InvalidStatementException(path, "must be an array of attachments");
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{path}[{i}]";
            var attachment = Object(array[i], at);
            Keys(attachment, AttachmentKeys, at);
            Iri(Required(attachment, "usageType", at), at + ".usageType");
            LanguageMap(Required(attachment, "display", at), at + ".display");
            if (attachment["description"] is { } description) LanguageMap(description, at + ".description");
            String(Required(attachment, "contentType", at), at + ".contentType");
            if (Required(attachment, "length", at) is not JsonValue length || length.GetValueKind() != JsonValueKind.Number
                || !length.TryGetValue<long>(out var bytes) || bytes < 0)
                throw new InvalidStatementException(at + ".length", "must be a whole number of bytes");
            if (!Sha2Pattern().IsMatch(String(Required(attachment, "sha2", at), at + ".sha2")))
                throw new InvalidStatementException(at + ".sha2", "must be a SHA-2 digest in hexadecimal");
            if (attachment["fileUrl"] is { } fileUrl) Iri(fileUrl, at + ".fileUrl");
        }
    }

    private static readonly string[] InteractionProperties = ["correctResponsesPattern", "choices", "scale", "source", "target", "steps"];

    private static void Result(JsonNode node, string path)
    {
        var result = Object(node, path);
        Keys(result, ResultKeys, path);
        if (result["success"] is { } success) Boolean(success, path + ".success");
        if (result["completion"] is { } completion) Boolean(completion, path + ".completion");
        if (result["response"] is { } response) String(response, path + ".response");
        // Weeks stand alone in ISO 8601 (PnW); "P4W1D" is no duration.
        if (result["duration"] is { } duration && String(duration, path + ".duration") is var text &&
            (!DurationPattern().IsMatch(text) || text.Contains('W') && !WeeksPattern().IsMatch(text)))
            throw new InvalidStatementException(path + ".duration", "must be an ISO 8601 duration");
        if (result["extensions"] is { } extensions) Extensions(extensions, path + ".extensions");
        if (result["score"] is not { } scoreNode) return;
        var score = Object(scoreNode, path + ".score");
        Keys(score, ScoreKeys, path + ".score");
        double? Number(string key) => score[key] is { } value ? NumberOf(value, $"{path}.score.{key}") : null;
        var (scaled, raw, min, max) = (Number("scaled"), Number("raw"), Number("min"), Number("max"));
        if (scaled is < -1 or > 1) throw new InvalidStatementException(path + ".score.scaled", "must be between -1 and 1");
        if (min is not null && max is not null && min >= max) throw new InvalidStatementException(path + ".score.min", "must be less than max");
        if (raw is not null && (raw < min || raw > max)) throw new InvalidStatementException(path + ".score.raw", "must be between min and max");
    }

    private static Guid? Context(JsonNode node, string objectType, string path)
    {
        var context = Object(node, path);
        Keys(context, ContextKeys, path);
        Guid? registration = context["registration"] is { } r ? Uuid(r, path + ".registration") : null;
        if (context["instructor"] is { } instructor) Actor(instructor, path + ".instructor");
        if (context["team"] is { } team)
        {
            if (Object(team, path + ".team")["objectType"]?.GetValueKind() != JsonValueKind.String || (string?)team["objectType"] != "Group")
                throw new InvalidStatementException(path + ".team", "a team is a group (objectType Group)");
            Actor(team, path + ".team");
        }
        if (context["revision"] is { } revision)
        {
            String(revision, path + ".revision");
            if (objectType != "Activity") throw new InvalidStatementException(path + ".revision", "only a statement about an activity has a revision");
        }
        if (context["platform"] is { } platform)
        {
            String(platform, path + ".platform");
            if (objectType != "Activity") throw new InvalidStatementException(path + ".platform", "only a statement about an activity has a platform");
        }
        if (context["language"] is { } language && !LanguagePattern().IsMatch(String(language, path + ".language")))
            throw new InvalidStatementException(path + ".language", "must be an RFC 5646 language tag");
        if (context["statement"] is { } reference)
        {
            var statementRef = Object(reference, path + ".statement");
            if ((string?)statementRef["objectType"] != "StatementRef") throw new InvalidStatementException(path + ".statement", "must be a StatementRef");
            StatementObject(statementRef, path + ".statement", allowSubStatement: false);
        }
        if (context["extensions"] is { } extensions) Extensions(extensions, path + ".extensions");
        if (context["contextActivities"] is { } activities)
        {
            var map = Object(activities, path + ".contextActivities");
            Keys(map, ContextActivityKeys, path + ".contextActivities");
            foreach (var (key, value) in map)
            {
                var keyPath = $"{path}.contextActivities.{key}";
                // A single activity is allowed for an array of one (and returned as such by a conforming LRS).
                var list = value is JsonArray array ? array.ToList() : [value];
                for (var i = 0; i < list.Count; i++)
                {
                    var activity = Object(list[i], $"{keyPath}[{i}]");
                    if (activity["objectType"] is { } type && String(type, $"{keyPath}[{i}].objectType") != "Activity")
                        throw new InvalidStatementException($"{keyPath}[{i}].objectType", "context activities are activities");
                    StatementObject(activity, $"{keyPath}[{i}]", allowSubStatement: false);
                }
            }
        }
        return registration;
    }

    private static void Extensions(JsonNode node, string path)
    {
        foreach (var (key, _) in Object(node, path))
            if (!IsIri(key)) throw new InvalidStatementException($"{path}.{key}", "an extension's key is an IRI");
    }

    private static void LanguageMap(JsonNode node, string path)
    {
        foreach (var (tag, text) in Object(node, path))
        {
            if (!LanguagePattern().IsMatch(tag)) throw new InvalidStatementException($"{path}.{tag}", "is not an RFC 5646 language tag");
            String(text, $"{path}.{tag}");
        }
    }

    private static void Timestamp(JsonNode node, string path)
    {
        var text = String(node, path);
        // ISO 8601 with a time zone; "-00:00" means "offset unknown" (RFC 3339) and the specification refuses it.
        if (!TimestampPattern().IsMatch(text) || text.EndsWith("-00:00", StringComparison.Ordinal) || text.EndsWith("-0000", StringComparison.Ordinal) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new InvalidStatementException(path, "must be an ISO 8601 timestamp with a time zone");
    }

    private static Guid Uuid(JsonNode? node, string path)
    {
        var text = String(node, path);
        if (!UuidPattern().IsMatch(text)) throw new InvalidStatementException(path, "must be a UUID");
        return Guid.Parse(text);
    }

    private static string Iri(JsonNode? node, string path)
    {
        var text = String(node, path);
        if (!IsIri(text)) throw new InvalidStatementException(path, "must be an absolute IRI");
        return text;
    }

    private static bool IsIri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var iri) && !string.IsNullOrEmpty(iri.Scheme) && !text.Any(char.IsWhiteSpace);

    private static JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw new InvalidStatementException(path, "must be a JSON object");

    private static JsonNode Required(JsonObject parent, string key, string path) =>
        parent[key] ?? throw new InvalidStatementException($"{path}.{key}", "is required");

    private static string String(JsonNode? node, string path) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
            : throw new InvalidStatementException(path, "must be a string");

    private static void Boolean(JsonNode node, string path)
    {
        if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) throw new InvalidStatementException(path, "must be true or false");
    }

    private static double NumberOf(JsonNode node, string path) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>()
            : throw new InvalidStatementException(path, "must be a number");

    private static void Keys(JsonObject target, HashSet<string> allowed, string path)
    {
        foreach (var (key, _) in target)
            if (!allowed.Contains(key)) throw new InvalidStatementException($"{path}.{key}", "is not a property the specification allows here");
    }

    /// <summary>No property anywhere in a statement is null (xAPI 1.0.3, 2.2: "MUST NOT be null" for every property).</summary>
    private static void NoNulls(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject target:
                foreach (var (key, value) in target)
                {
                    if (value is null) throw new InvalidStatementException($"{path}.{key}", "must not be null");
                    // Extensions are the author's own JSON: nulls inside them are theirs to use.
                    if (key != "extensions") NoNulls(value, $"{path}.{key}");
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null) throw new InvalidStatementException($"{path}[{i}]", "must not be null");
                    NoNulls(array[i], $"{path}[{i}]");
                }
                break;
        }
    }

    [GeneratedRegex(@"^1\.0(\.\d+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^mailto:[^@\s]+@[^@\s]+$")]
    private static partial Regex MboxPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex("^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^([0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$")]
    private static partial Regex Sha2Pattern();

    [GeneratedRegex(@"^P\d+(\.\d+)?W$")]
    private static partial Regex WeeksPattern();
}
