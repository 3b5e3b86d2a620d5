using System.Globalization;
using System.Security.Cryptography;
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
/// The document resources of the LRS (xAPI 1.0.3, Communication 2.3–2.6): <c>/xapi/activities/state</c>,
/// <c>/xapi/activities/profile</c> and <c>/xapi/agents/profile</c>. Documents are kept as sent, with a SHA-1 ETag; POST merges
/// JSON objects; the profiles' writes follow the specification's concurrency rules (409 without a precondition when the
/// document exists, 412 when the precondition fails), and every write is conditional in the database so a race is lost
/// with 412, never silently. A person reaches the state and profile of their own agent; an integration needs the
/// <c>state</c> or <c>profile</c> scope; an activity's profile is read by anyone signed in and written by admins and
/// integrations.
/// </summary>
public static class XapiDocumentEndpoints
{
    private const int MaxDocument = 1 << 20;

    private sealed record Resource(XapiDocumentKind Kind, string IdParameter, bool NeedsActivity, bool NeedsAgent, bool Concurrency);

    private static readonly Resource State = new(XapiDocumentKind.State, "stateId", NeedsActivity: true, NeedsAgent: true, Concurrency: false);
    private static readonly Resource ActivityProfile = new(XapiDocumentKind.ActivityProfile, "profileId", NeedsActivity: true, NeedsAgent: false, Concurrency: true);
    private static readonly Resource AgentProfile = new(XapiDocumentKind.AgentProfile, "profileId", NeedsActivity: false, NeedsAgent: true, Concurrency: true);

    public static void MapGamifiedXapiDocuments(this IEndpointRouteBuilder endpoints)
    {
        string[] methods = [HttpMethods.Put, HttpMethods.Post, HttpMethods.Get, HttpMethods.Head, HttpMethods.Delete];
        endpoints.MapMethods("/xapi/activities/state", methods, http => Handle(http, State));
        endpoints.MapMethods("/xapi/activities/profile", methods, http => Handle(http, ActivityProfile));
        endpoints.MapMethods("/xapi/agents/profile", methods, http => Handle(http, AgentProfile));
    }

    private static async Task Handle(HttpContext http, Resource resource)
    {
        http.Response.Headers["X-Experience-API-Version"] = XapiEndpoints.Version;
        try
        {
            await AlternateRequestSyntax.Apply(http);
            var caller = await XapiEndpoints.Admit(http);
            var key = Key(http, resource);
            Authorize(http, caller, resource, key);
            var store = http.RequestServices.GetRequiredService<IXapiDocumentStore>();
            var ct = http.RequestAborted;
            var method = http.Request.Method;
            // HEAD answers as GET does; the server sends no body with it.
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) await Get(http, store, key, ct);
            else if (HttpMethods.IsDelete(method)) await Delete(http, store, resource, key, ct);
            else await Write(http, store, resource, key, merge: HttpMethods.IsPost(method), ct);
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

    private static XapiDocumentKey Key(HttpContext http, Resource resource)
    {
        string[] allowed = [resource.IdParameter, "since", .. resource.NeedsActivity ? new[] { "activityId" } : [],
            .. resource.NeedsAgent ? new[] { "agent" } : [], .. resource.Kind == XapiDocumentKind.State ? new[] { "registration" } : []];
        foreach (var (name, values) in http.Request.Query)
        {
            if (!allowed.Contains(name)) throw new XapiRefusal(400, "BAD_REQUEST", $"'{name}' is not a parameter of this resource.");
            if (values.Count > 1) throw new XapiRefusal(400, "BAD_REQUEST", $"'{name}' is given more than once.");
        }
        var activity = resource.NeedsActivity ? XapiEndpoints.Iri(Required(http, "activityId"), "activityId") : "";
        var agent = resource.NeedsAgent ? XapiEndpoints.AgentKey(Required(http, "agent")) : "";
        var registration = XapiEndpoints.Single(http, "registration") is { } r ? XapiEndpoints.ParseUuid(r, "registration").ToString("D") : "";
        var id = XapiEndpoints.Single(http, resource.IdParameter) ?? "";
        if (id.Length > 512) throw new XapiRefusal(400, "BAD_REQUEST", $"{resource.IdParameter} is at most 512 characters.");
        var writes = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsDelete(http.Request.Method);
        if (id.Length == 0 && (writes || resource.Kind != XapiDocumentKind.State && HttpMethods.IsDelete(http.Request.Method)))
            throw new XapiRefusal(400, "BAD_REQUEST", $"{resource.IdParameter} is required here.");
        if (id.Length > 0 && XapiEndpoints.Single(http, "since") is not null)
            throw new XapiRefusal(400, "BAD_REQUEST", $"since goes with a list of ids, not with {resource.IdParameter}.");
        return new XapiDocumentKey(resource.Kind, activity, agent, registration, id);
    }

    private static void Authorize(HttpContext http, Caller caller, Resource resource, XapiDocumentKey key)
    {
        var reads = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (caller.IsService)
        {
            var scope = resource.Kind == XapiDocumentKind.State ? XapiScopes.State : XapiScopes.Profile;
            if (!caller.HasScope(scope)) throw new XapiRefusal(403, ErrorCodes.Forbidden, $"This resource needs the {scope} scope.");
            return;
        }
        if (resource.Kind == XapiDocumentKind.ActivityProfile)
        {
            if (!reads && !caller.IsAdmin) throw new XapiRefusal(403, ErrorCodes.Forbidden, "An activity's profile is written by admins and integrations.");
            return;
        }
        // cmi5 (section 11): an AU reads its learner's cmi5LearnerPreferences from the agent profile, and nothing else there.
        if (caller.LaunchRegistration is { } registration
            && (resource.Kind == XapiDocumentKind.State ? key.Registration != registration.ToString("D") : !reads || key.DocumentId != "cmi5LearnerPreferences"))
            throw new XapiRefusal(403, ErrorCodes.Forbidden, "A launch token reaches the state of its own registration and reads its learner's cmi5LearnerPreferences.");
        var own = http.RequestServices.GetRequiredService<XapiStatements>().PersonKey(caller.Subject!);
        if (key.AgentKey != own && !caller.IsAdmin) throw new XapiRefusal(403, ErrorCodes.Forbidden, "A person reaches only their own agent's documents.");
    }

    private static async Task Get(HttpContext http, IXapiDocumentStore store, XapiDocumentKey key, CancellationToken ct)
    {
        if (key.DocumentId.Length == 0)
        {
            var since = XapiEndpoints.Single(http, "since") is { } s ? XapiEndpoints.Moment(s, "since") : (DateTimeOffset?)null;
            await http.Response.WriteAsJsonAsync(await store.Ids(key, since, ct), ct);
            return;
        }
        var document = await store.Find(key, ct);
        if (document is null)
        {
            await XapiEndpoints.Refuse(http, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such document.");
            return;
        }
        http.Response.ContentType = document.ContentType;
        // The type is the writer's: a browser must never sniff a stored document into something it would run.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ETag = Quoted(document.Etag);
        http.Response.Headers.LastModified = document.Updated.ToString("R", CultureInfo.InvariantCulture);
        await http.Response.Body.WriteAsync(document.Content, ct);
    }

    private static async Task Delete(HttpContext http, IXapiDocumentStore store, Resource resource, XapiDocumentKey key, CancellationToken ct)
    {
        if (key.DocumentId.Length == 0)
        {
            await store.DeleteAll(key, ct);
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var existing = await store.Find(key, ct);
        if (resource.Concurrency) Precondition(http, existing, requireOneWhenExisting: false);
        if (existing is not null && !await store.Delete(key, existing.Etag, ct))
            throw new XapiRefusal(412, "PRECONDITION_FAILED", "The document changed while it was being deleted; read it again.");
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Write(HttpContext http, IXapiDocumentStore store, Resource resource, XapiDocumentKey key, bool merge, CancellationToken ct)
    {
        var content = await XapiEndpoints.ReadBody(http, MaxDocument);
        var type = string.IsNullOrWhiteSpace(http.Request.ContentType) ? "application/octet-stream" : http.Request.ContentType!;
        var existing = await store.Find(key, ct);
        if (resource.Concurrency) Precondition(http, existing, requireOneWhenExisting: !merge);
        if (merge && existing is not null)
        {
            // POST merges two JSON objects, the new properties over the old; anything else cannot be merged.
            if (!IsJson(type) || !IsJson(existing.ContentType) || Json(content) is not { } sent || Json(existing.Content) is not { } kept)
                throw new XapiRefusal(400, "BAD_REQUEST", "POST merges JSON objects; this document or the one stored is not one.");
            foreach (var (name, value) in sent) kept[name] = value?.DeepClone();
            content = JsonSerializer.SerializeToUtf8Bytes(kept);
            type = "application/json";
        }
        else if (merge && IsJson(type) && Json(content) is null)
            throw new XapiRefusal(400, "BAD_REQUEST", "POST takes a JSON object.");
        var document = new XapiDocument(key, content, type, Convert.ToHexStringLower(SHA1.HashData(content)), DateTimeOffset.UtcNow);
        if (!await store.Write(document, existing?.Etag, ct))
            throw new XapiRefusal(412, "PRECONDITION_FAILED", "The document changed while it was being written; read it again.");
        http.Response.Headers.ETag = Quoted(document.Etag);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>If-Match and If-None-Match as the profiles' resources ask (Communication 3.1): a failed precondition is 412;
    /// overwriting a profile that exists without either header is 409, so no client replaces another's change unawares.</summary>
    private static void Precondition(HttpContext http, XapiDocument? existing, bool requireOneWhenExisting)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        if (ifMatch.Length > 0 && (existing is null || ifMatch != "*" && !Etags(ifMatch).Contains(existing.Etag)))
            throw new XapiRefusal(412, "PRECONDITION_FAILED", "If-Match does not match the document stored.");
        if (ifNoneMatch.Length > 0 && existing is not null && (ifNoneMatch == "*" || Etags(ifNoneMatch).Contains(existing.Etag)))
            throw new XapiRefusal(412, "PRECONDITION_FAILED", "If-None-Match: the document exists.");
        if (requireOneWhenExisting && existing is not null && ifMatch.Length == 0 && ifNoneMatch.Length == 0)
            throw new XapiRefusal(409, "CONFLICT", "The document exists: send If-Match with its ETag to replace it.");
    }

    private static IEnumerable<string> Etags(string header) =>
        header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim('"').ToLowerInvariant());

    private static string Quoted(string etag) => $"\"{etag}\"";

    private static bool IsJson(string type) => type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static JsonObject? Json(byte[] content)
    {
        try
        {
            return JsonNode.Parse(content) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Required(HttpContext http, string name) =>
        XapiEndpoints.Single(http, name) ?? throw new XapiRefusal(400, "BAD_REQUEST", $"{name} is required.");
}
