using Gamified.Analytics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamified.Activity;
using Gamified.Api.Security;
using Gamified.Common;

namespace Gamified.Api.Exports;

/// <summary>The <c>Exports</c> configuration section.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>Base IRI of this installation: the actors' account home page, and the root of our own verb, activity and
    /// extension IRIs (verbs the ADL vocabulary has keep their ADL IRIs).</summary>
    public string XapiBase { get; set; } = "https://gamified.local/xapi";

    public string? Problem() =>
        Uri.TryCreate(XapiBase, UriKind.Absolute, out var iri) && iri.Scheme is "http" or "https" ? null : "XapiBase is an absolute http(s) IRI.";
}

public sealed record StatementPage(string StatementsJson, int Count, string? EndCursor, bool HasNextPage);

/// <summary>
/// Recorded activity as xAPI 1.0.3 statements a Learning Record Store accepts: a UUID id, the actor as an account
/// (home page + learner id, never an e-mail), the verb as an IRI with zh-CN and en display, the object as an activity
/// IRI with its ADL type, the result (scaled and raw score, success, completion, ISO 8601 duration), context, timestamp
/// and stored time. Learners export their own statements, managers their departments', admins and organisation-wide
/// managers everyone's.
/// </summary>
public sealed class XapiExport(IStatementExport store, ExportOptions options)
{
    public const int MaxPage = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string OwnVerbPrefix = "https://gamified.local/xapi/";

    private static readonly Dictionary<string, (string ZhCN, string En)> VerbNames = new()
    {
        ["started"] = ("开始", "launched"), ["completed"] = ("完成", "completed"), ["passed"] = ("通过", "passed"),
        ["failed"] = ("未通过", "failed"), ["answered"] = ("作答", "answered"), ["rated"] = ("评价", "rated"),
        ["submitted-idea"] = ("提交创意", "submitted an idea"), ["attended"] = ("参加", "attended"),
    };

    private static readonly Dictionary<string, string?> ActivityTypes = new()
    {
        ["package"] = "http://adlnet.gov/expapi/activities/course", ["lesson"] = "http://adlnet.gov/expapi/activities/lesson",
        ["quiz"] = "http://adlnet.gov/expapi/activities/assessment", ["session"] = "http://adlnet.gov/expapi/activities/meeting",
        ["challenge"] = null, ["idea"] = null,
    };

    private string Base => options.XapiBase.TrimEnd('/');

    public async Task<StatementPage> Page(Caller caller, DateTimeOffset from, DateTimeOffset to, int first, string? after,
        CancellationToken cancellationToken)
    {
        (from, to) = (Validate.Moment(from, "from"), Validate.Moment(to, "to"));
        if (to <= from) throw DomainException.BadInput("to", "to must be after from.");
        Validate.Range(first, 1, MaxPage, "first");
        string? learner = null;
        IReadOnlyList<string>? departments = null;
        if (!caller.SeesEveryDepartment)
        {
            if (caller.ReadsAsManager) departments = caller.Departments.Where(d => d != Roles.AllDepartments).ToList();
            else learner = caller.Subject ?? throw new DomainException(ErrorCodes.Unauthenticated, "The token names no subject.");
        }
        var rows = await store.Page(from, to, DecodeCursor(after), first + 1, learner, departments, cancellationToken);
        var page = rows.Take(first).ToList();
        var statements = new JsonArray(page.Select(r => (JsonNode)Statement(r)).ToArray());
        var last = page.LastOrDefault();
        return new StatementPage(statements.ToJsonString(), page.Count,
            last is null ? null : EncodeCursor(last.OccurredAt.ToUnixTimeMilliseconds(), last.ActivityId), rows.Count > first);
    }

    public JsonObject Statement(ExportedActivity row)
    {
        var statement = JsonSerializer.Deserialize<ActivityStatement>(row.StatementJson, Json)!;
        var names = VerbNames.GetValueOrDefault(statement.Verb, (statement.Verb, statement.Verb));
        var verbIri = Verbs.Iris.TryGetValue(statement.Verb, out var iri) ? iri : $"{OwnVerbPrefix}verbs/{statement.Verb}";
        if (verbIri.StartsWith(OwnVerbPrefix, StringComparison.Ordinal)) verbIri = $"{Base}/{verbIri[OwnVerbPrefix.Length..]}";

        var definition = new JsonObject();
        var type = ActivityTypes.GetValueOrDefault(statement.Object.Kind);
        definition["type"] = type ?? $"{Base}/activity-types/{statement.Object.Kind}";
        var json = new JsonObject
        {
            ["id"] = Guid.ParseExact(row.ActivityId, "N").ToString("D"),
            ["version"] = "1.0.3",
            ["actor"] = new JsonObject
            {
                ["objectType"] = "Agent",
                ["account"] = new JsonObject { ["homePage"] = $"{Base}/learners", ["name"] = row.LearnerId },
            },
            ["verb"] = new JsonObject { ["id"] = verbIri, ["display"] = new JsonObject { ["zh-CN"] = names.Item1, ["en"] = names.Item2 } },
            ["object"] = new JsonObject { ["objectType"] = "Activity", ["id"] = ActivityIri(statement.Object.Kind, statement.Object.Id), ["definition"] = definition },
            ["timestamp"] = Iso(row.OccurredAt),
            ["stored"] = Iso(row.RecordedAt),
        };
        if (statement.Result is { } result)
        {
            var r = new JsonObject();
            if (result.Score is { } score)
                r["score"] = new JsonObject { ["scaled"] = Math.Round(Math.Clamp(score, 0, 100) / 100, 4), ["raw"] = score, ["min"] = 0, ["max"] = 100 };
            if (result.Success is { } success) r["success"] = success;
            if (result.Completion is { } completion) r["completion"] = completion;
            if (result.DurationSeconds is { } seconds) r["duration"] = string.Create(CultureInfo.InvariantCulture, $"PT{seconds}S");
            if (result.LearningGain is { } gain) r["extensions"] = new JsonObject { [$"{Base}/extensions/learning-gain"] = gain };
            if (r.Count > 0) json["result"] = r;
        }
        var context = new JsonObject { ["platform"] = "Gamified", ["language"] = "zh-CN" };
        if (statement.Context is { } c)
        {
            if (c.PackageId is not null && !(statement.Object.Kind == "package" && statement.Object.Id == c.PackageId))
                context["contextActivities"] = new JsonObject { ["parent"] = new JsonArray(new JsonObject { ["id"] = ActivityIri("package", c.PackageId) }) };
            var extensions = new JsonObject();
            if (c.PackageVersion is not null) extensions[$"{Base}/extensions/package-version"] = c.PackageVersion;
            if (c.ChallengeId is not null) extensions[$"{Base}/extensions/challenge"] = ActivityIri("challenge", c.ChallengeId);
            if (c.TeamId is not null) extensions[$"{Base}/extensions/team"] = c.TeamId;
            if (extensions.Count > 0) context["extensions"] = extensions;
        }
        json["context"] = context;
        return json;
    }

    private string ActivityIri(string kind, string id) =>
        $"{Base}/activities/{Uri.EscapeDataString(kind)}/{string.Join('/', id.Split('/').Select(Uri.EscapeDataString))}";

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string EncodeCursor(long at, string id) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at}|{id}")));

    private static (long, string)? DecodeCursor(string? cursor)
    {
        if (cursor is null) return null;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|');
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at))
                return (at, text[(bar + 1)..]);
        }
        catch (FormatException)
        {
            // falls through to the refusal
        }
        throw DomainException.BadInput("after", "The cursor is not one this export gave out.");
    }
}
