using Gamified.Audit;
using System.Text.Json;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using GraphQL;
using GraphQL.Instrumentation;
using Microsoft.AspNetCore.Http;

namespace Gamified.Api.Audit;

/// <summary>
/// Writes an audit entry for every field marked <see cref="Audited"/>: who called it, with what arguments,
/// from which address, and whether it succeeded or with which error code. Refusals are audited too.
/// A field marked <see cref="AuditedOnBehalf"/> is audited when an admin calls it or when it acts on a learner other
/// than the caller (a learner's own statements are not privileged, and would drown the log). A field with a
/// <see cref="Summary"/> records what that returns instead of its arguments (a summary of a large upload, say); one with
/// <see cref="Personal"/> names arguments (of itself or its input) that are personal data and are recorded as withheld:
/// the log is append-only and outlives an erasure.
/// </summary>
public sealed class AuditMiddleware(IAuditStore store, IHttpContextAccessor http, TimeProvider clock) : IFieldMiddleware
{
    public const string Audited = "gamified.audited";
    public const string AuditedOnBehalf = "gamified.audited.onBehalf";
    /// <summary>Metadata holding a <see cref="AuditSummary"/>.</summary>
    public const string Summary = "gamified.audited.summary";
    /// <summary>Metadata holding the names of arguments not to record (a <c>string[]</c>).</summary>
    public const string Personal = "gamified.audited.personal";

    private const string Withheld = "(personal data, not recorded)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        var always = context.FieldDefinition.GetMetadata(Audited, false);
        if (!always && !context.FieldDefinition.GetMetadata(AuditedOnBehalf, false)) return await next(context);
        var summary = context.FieldDefinition.GetMetadata<AuditSummary?>(Summary);
        // A summarised field's arguments are never serialised: they may be megabytes.
        var arguments = summary is null || !always ? Arguments(context) : default;
        if (!always && !context.Caller().IsAdmin && TargetOf(arguments) == context.Caller().Subject) return await next(context);

        var outcome = "OK";
        object? result = null;
        try
        {
            result = await next(context);
            if (result is MutationPayload { FirstCode: { } refused }) outcome = refused;   // refused in userErrors
            else if (result is MutationPayload { Result: IAuditedOutcome { Outcome: { } partly } }) outcome = partly;
            return result;
        }
        catch (DomainException refusal)
        {
            outcome = refusal.Code;
            throw;
        }
        catch
        {
            outcome = ErrorCodes.InternalServerError;
            throw;
        }
        finally
        {
            await store.Append(Entry(context, outcome, summary is null ? arguments : JsonSerializer.SerializeToElement(summary(context, result), Json)));
        }
    }

    private static JsonElement Arguments(IResolveFieldContext context)
    {
        var node = JsonSerializer.SerializeToNode(context.Arguments?.ToDictionary(a => a.Key, a => a.Value.Value) ?? [], Json)!.AsObject();
        foreach (var name in context.FieldDefinition.GetMetadata<string[]>(Personal, []))
            foreach (var holder in new[] { node, node["input"] as System.Text.Json.Nodes.JsonObject })
                if (holder is not null && holder.ContainsKey(name)) holder[name] = Withheld;
        return JsonSerializer.SerializeToElement(node, Json);
    }

    private AuditEntry Entry(IResolveFieldContext context, string outcome, JsonElement details)
    {
        var caller = context.Caller();
        return new AuditEntry(0, clock.GetUtcNow(), caller.Name, string.Join(",", caller.RoleNames), context.FieldDefinition.Name,
            TargetOf(details), outcome, details.GetRawText(), http.HttpContext?.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>The id acted on: the input's learner, then its own id, when the arguments have them.</summary>
    private static string? TargetOf(JsonElement arguments)
    {
        var holder = arguments.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? input : arguments;
        foreach (var key in new[] { "learnerId", "id", "challengeId", "teamId", "brainstormId", "planId", "packageId" })
            if (holder.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        return null;
    }
}

/// <summary>A result that says itself how its action ended when that is not simply OK (a batch all of whose items were refused).</summary>
public interface IAuditedOutcome
{
    /// <summary>The code to record as the outcome, or null for OK.</summary>
    string? Outcome { get; }
}

/// <summary>What an audit entry records for a field instead of its arguments, from the field's context and its result
/// (null when it failed).</summary>
public delegate object AuditSummary(IResolveFieldContext context, object? result);
