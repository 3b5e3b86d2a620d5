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
/// </summary>
public sealed class AuditMiddleware(IAuditStore store, IHttpContextAccessor http, TimeProvider clock) : IFieldMiddleware
{
    public const string Audited = "gamified.audited";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        if (!context.FieldDefinition.GetMetadata(Audited, false)) return await next(context);

        var outcome = "OK";
        try
        {
            var result = await next(context);
            if (result is MutationPayload { FirstCode: { } refused }) outcome = refused;   // refused in userErrors
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
            await store.Append(Entry(context, outcome));
        }
    }

    private AuditEntry Entry(IResolveFieldContext context, string outcome)
    {
        var caller = context.Caller();
        var arguments = context.Arguments?.ToDictionary(a => a.Key, a => a.Value.Value) ?? [];
        var details = JsonSerializer.SerializeToElement(arguments, Json);
        return new AuditEntry(0, clock.GetUtcNow(), caller.Name, string.Join(",", caller.RoleNames), context.FieldDefinition.Name,
            TargetOf(details), outcome, details.GetRawText(), http.HttpContext?.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>The id acted on: the input's learner, then its own id, when the arguments have them.</summary>
    private static string? TargetOf(JsonElement arguments)
    {
        var holder = arguments.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? input : arguments;
        foreach (var key in new[] { "learnerId", "id", "challengeId", "teamId", "brainstormId", "planId" })
            if (holder.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        return null;
    }
}
