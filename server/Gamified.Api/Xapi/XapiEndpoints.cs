using System.Globalization;
using System.Text.Json;
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
/// The Learning Record Store's HTTP face at <c>/xapi/</c> (xAPI 1.0.3, Communication): <c>about</c> and the statements
/// resource (PUT, POST, GET of one statement or a query with <c>more</c> paging). Every request but <c>about</c> names the
/// xAPI version it speaks; every answer names ours. Refusals carry the status the specification asks for, and a JSON body
/// with a stable code like the rest of the API.
/// </summary>
public static class XapiEndpoints
{
    public const string Version = "1.0.3";
    private const int MaxBody = 1 << 20;

    private static readonly HashSet<string> QueryParameters = ["statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
        "related_activities", "related_agents", "since", "until", "limit", "format", "attachments", "ascending", "more"];

    public static void MapGamifiedXapi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/xapi/about", (HttpContext http) =>
        {
            http.Response.Headers["X-Experience-API-Version"] = Version;
            return Results.Json(new { version = new[] { "1.0.0", "1.0.1", "1.0.2", Version }, extensions = new { } });
        });
        endpoints.MapMethods("/xapi/statements", [HttpMethods.Put, HttpMethods.Post, HttpMethods.Get, HttpMethods.Head], Statements);
        endpoints.MapGamifiedXapiDocuments();
        endpoints.MapGamifiedXapiObjects();
    }

    private static async Task Statements(HttpContext http)
    {
        http.Response.Headers["X-Experience-API-Version"] = Version;
        try
        {
            await AlternateRequestSyntax.Apply(http);
        }
        catch (XapiRefusal refusal)
        {
            await Refuse(http, refusal.Status, refusal.Code, refusal.Message);
            return;
        }
        // On every answer to a GET, refusals included (Communication 2.1.3): every statement acknowledged so far is readable.
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            http.Response.Headers["X-Experience-API-Consistent-Through"] = Iso(DateTimeOffset.UtcNow);
        try
        {
            var caller = await Admit(http);
            var service = http.RequestServices.GetRequiredService<XapiStatements>();
            var ct = http.RequestAborted;
            if (HttpMethods.IsPut(http.Request.Method))
            {
                // Parameter names are case-sensitive: "statementid" is no statementId (Communication 3.2).
                if (http.Request.Query.Keys.FirstOrDefault(k => k != "statementId") is { } other)
                    throw new XapiRefusal(400, "BAD_REQUEST", $"'{other}' is not a parameter of a statement PUT.");
                var id = ParseUuid(Single(http, "statementId") ?? throw new XapiRefusal(400, "BAD_REQUEST", "PUT needs the statementId parameter."), "statementId");
                var (body, parts) = await Body(http);
                if (body is not JsonObject) throw new XapiRefusal(400, "XAPI_INVALID_STATEMENT", "PUT takes one statement.");
                await service.Store(caller, [body], id, ct, parts);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            if (HttpMethods.IsPost(http.Request.Method))
            {
                var (body, parts) = await Body(http);
                var sent = body is JsonArray array ? array.ToList() : [body];
                var ids = await service.Store(caller, sent, null, ct, parts);
                await http.Response.WriteAsJsonAsync(ids.Select(i => i.ToString("D")), ct);
                return;
            }
            await Read(http, caller, service, ct);
        }
        catch (XapiRefusal refusal)
        {
            await Refuse(http, refusal.Status, refusal.Code, refusal.Message);
        }
        catch (DomainException domain) when (domain.Code == ErrorCodes.Unavailable)
        {
            await Refuse(http, StatusCodes.Status503ServiceUnavailable, domain.Code, domain.Message);
        }
    }

    private static async Task Read(HttpContext http, Caller caller, XapiStatements service, CancellationToken ct)
    {
        var parameters = http.Request.Query;
        foreach (var (name, values) in parameters)
        {
            if (!QueryParameters.Contains(name)) throw new XapiRefusal(400, "BAD_REQUEST", $"'{name}' is not a parameter of the statements resource.");
            if (values.Count > 1) throw new XapiRefusal(400, "BAD_REQUEST", $"'{name}' is given more than once.");
        }
        Flag(http, "attachments");   // checked to be true or false before anything is read
        if (Single(http, "format") is { } format && format is not ("exact" or "ids" or "canonical"))
            throw new XapiRefusal(400, "BAD_REQUEST", "format is exact, ids or canonical.");

        var statementId = Single(http, "statementId");
        var voidedId = Single(http, "voidedStatementId");
        if (statementId is not null || voidedId is not null)
        {
            if (statementId is not null && voidedId is not null || parameters.Keys.Any(k => k is not ("statementId" or "voidedStatementId" or "format" or "attachments")))
                throw new XapiRefusal(400, "BAD_REQUEST", "statementId and voidedStatementId go alone (with format or attachments at most).");
            var statement = await service.Single(caller, ParseUuid(statementId ?? voidedId!, statementId is not null ? "statementId" : "voidedStatementId"),
                voided: voidedId is not null, ct);
            if (statement is null)
            {
                await Refuse(http, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such statement.");
                return;
            }
            http.Response.Headers.LastModified = DateTimeOffset.Parse((string)statement["stored"]!, CultureInfo.InvariantCulture).ToString("R");
            await Answer(http, statement, [statement], ct);
            return;
        }

        StatementResult result;
        if (Single(http, "more") is { } more)
        {
            if (parameters.Keys.Any(k => k is not ("more" or "format" or "attachments")))
                throw new XapiRefusal(400, "BAD_REQUEST", "more goes alone (with format or attachments at most).");
            result = await service.More(caller, more, ct);
        }
        else
        {
            var limit = Single(http, "limit") is { } l ? int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new XapiRefusal(400, "BAD_REQUEST", "limit is a whole number.") : 0;
            result = await service.Query(caller, new XapiStatementQuery(
                Single(http, "agent") is { } agent ? AgentKey(agent) : null,
                Single(http, "verb") is { } verb ? Iri(verb, "verb") : null,
                Single(http, "activity") is { } activity ? Iri(activity, "activity") : null,
                Single(http, "registration") is { } registration ? ParseUuid(registration, "registration") : null,
                Single(http, "since") is { } since ? Moment(since, "since") : null,
                Single(http, "until") is { } until ? Moment(until, "until") : null,
                Flag(http, "ascending"), null, limit is 0 or > XapiStatements.MaxLimit ? XapiStatements.MaxLimit : limit, null,
                RelatedAgents: Flag(http, "related_agents"), RelatedActivities: Flag(http, "related_activities")), ct);
        }
        // The next page answers in the same form as this one.
        var next = result.More.Length == 0 ? "" : result.More + string.Concat(new[] { "format", "attachments" }
            .Where(p => Single(http, p) is not null).Select(p => $"&{p}={Uri.EscapeDataString(Single(http, p)!)}"));
        await Answer(http, new JsonObject { ["statements"] = result.Statements, ["more"] = next }, result.Statements, ct);
    }

    /// <summary>JSON, or with <c>attachments=true</c> multipart/mixed with the contents of the statements' attachments.</summary>
    private static async Task Answer(HttpContext http, JsonNode json, IEnumerable<JsonNode?> statements, CancellationToken ct)
    {
        if (Single(http, "format") is { } format and not "exact")
        {
            var languages = StatementFormats.Languages(http.Request.Headers.AcceptLanguage);
            foreach (var statement in statements) StatementFormats.Apply(statement, format, languages);
        }
        if (!Flag(http, "attachments"))
        {
            await http.Response.WriteAsJsonAsync(json, ct);
            return;
        }
        var store = http.RequestServices.GetRequiredService<IXapiStatementStore>();
        await XapiMultipart.Write(http, json, await store.Attachments(XapiMultipart.Ids(statements), ct), ct);
    }

    /// <summary>The version header first (a request without it is not an xAPI request), then the credentials.</summary>
    internal static async Task<Caller> Admit(HttpContext http)
    {
        var version = http.Request.Headers["X-Experience-API-Version"].ToString();
        if (string.IsNullOrEmpty(version)) throw new XapiRefusal(400, "BAD_REQUEST", "Send the X-Experience-API-Version header.");
        if (!version.StartsWith("1.0", StringComparison.Ordinal)) throw new XapiRefusal(400, "BAD_REQUEST", $"xAPI version {version} is not served; {Version} is.");
        var caller = await XapiBasicCredentials.Admit(http) ?? await Cmi5.Cmi5Tokens.Admit(http) ?? new Caller(http.User);
        if (!caller.IsAuthenticated || caller.Subject is null)
        {
            http.Response.Headers.WWWAuthenticate = new([XapiBasicCredentials.Challenge, "Bearer"]);
            throw new XapiRefusal(401, ErrorCodes.Unauthenticated, "Send a bearer token or a service account's credentials as HTTP Basic.");
        }
        return caller;
    }

    /// <summary>The statements sent, and the attachments' contents when sent as multipart/mixed (by SHA-256).</summary>
    private static async Task<(JsonNode? Statements, IReadOnlyDictionary<string, XapiAttachment>? Parts)> Body(HttpContext http)
    {
        var type = http.Request.ContentType ?? "";
        if (type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            var limit = http.RequestServices.GetRequiredService<XapiOptions>().MaxAttachmentBytes;
            var (statements, parts) = await XapiMultipart.Read(await ReadBody(http, MaxBody + limit), type, http.RequestAborted);
            if (statements.Length > MaxBody) throw new XapiRefusal(413, "PAYLOAD_TOO_LARGE", $"At most {MaxBody} bytes of statements a request.");
            if (parts.Values.Sum(p => (long)p.Content.Length) > limit)
                throw new XapiRefusal(413, "PAYLOAD_TOO_LARGE", $"At most {limit} bytes of attachments a request (Xapi:MaxAttachmentBytes).");
            return (Parse(statements), parts);
        }
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new XapiRefusal(400, "BAD_REQUEST", "Statements are sent as application/json, or multipart/mixed with attachments.");
        return (Parse(await ReadBody(http, MaxBody)), null);
    }

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            throw new XapiRefusal(400, "BAD_REQUEST", "The body is not JSON.");
        }
    }

    /// <summary>The request's body, refused with 413 past <paramref name="max"/> bytes however it is sent (a length
    /// header may be missing or wrong).</summary>
    internal static async Task<byte[]> ReadBody(HttpContext http, int max)
    {
        if (http.Request.ContentLength > max) throw new XapiRefusal(413, "PAYLOAD_TOO_LARGE", $"At most {max} bytes a request.");
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int count;
        while ((count = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + count > max) throw new XapiRefusal(413, "PAYLOAD_TOO_LARGE", $"At most {max} bytes a request.");
            buffer.Write(chunk, 0, count);
        }
        return buffer.ToArray();
    }

    internal static string AgentKey(string json)
    {
        try
        {
            return StatementValidator.AgentKey(JsonNode.Parse(json), "agent");
        }
        catch (Exception e) when (e is JsonException or InvalidStatementException)
        {
            throw new XapiRefusal(400, "BAD_REQUEST", $"agent is not an agent: {e.Message}");
        }
    }

    internal static string Iri(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out _) ? value : throw new XapiRefusal(400, "BAD_REQUEST", $"{name} is an absolute IRI.");

    internal static Guid ParseUuid(string value, string name) =>
        Guid.TryParseExact(value, "D", out var id) ? id : throw new XapiRefusal(400, "BAD_REQUEST", $"{name} is a UUID.");

    internal static DateTimeOffset Moment(string value, string name) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
            : throw new XapiRefusal(400, "BAD_REQUEST", $"{name} is an ISO 8601 timestamp.");

    private static bool Flag(HttpContext http, string name) => Single(http, name) switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new XapiRefusal(400, "BAD_REQUEST", $"{name} is true or false."),
    };

    internal static string? Single(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static Task Refuse(HttpContext http, int status, string code, string message) =>
        Exports.ExportProblems.Problem(status, code, message).ExecuteAsync(http);
}
