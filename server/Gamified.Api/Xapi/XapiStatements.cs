using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamified.Api.Exports;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Xapi;

namespace Gamified.Api.Xapi;

/// <summary>An LRS answer other than success: the HTTP status the specification asks for, and why.</summary>
public sealed class XapiRefusal(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>A page of a statements query and the <c>more</c> address of the next one ("" at the end).</summary>
public sealed record StatementResult(JsonArray Statements, string More);

/// <summary>
/// The statements resource's rules between the HTTP endpoint and the store: who may state and read what, the properties
/// the LRS sets (<c>id</c>, <c>stored</c>, <c>authority</c>, <c>version</c>, <c>timestamp</c>), voiding, idempotent ids, and paging.
/// A person's token states only about that person and is recorded as SELF_REPORTED (it scores nothing); an integration's
/// needs the <c>statements/write</c> scope and is recorded as SERVICE.
/// </summary>
public sealed class XapiStatements(IXapiStatementStore store, ExportOptions options, TimeProvider clock, IEnumerable<IStatementGate> gates)
{
    public const int MaxLimit = 100;
    public const int MaxBatch = 500;

    private string Base => options.XapiBase.TrimEnd('/');

    /// <summary>The key statements about this person are filed under: their account at this installation.</summary>
    public string PersonKey(string subject) => $"account:{Base}/learners|{subject}";

    public async Task<IReadOnlyList<Guid>> Store(Caller caller, IReadOnlyList<JsonNode?> sent, Guid? pathId, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, XapiAttachment>? parts = null)
    {
        var (attestation, storedBy) = WriteAccess(caller);
        if (sent.Count == 0) throw new XapiRefusal(400, "BAD_REQUEST", "No statement was sent.");
        if (sent.Count > MaxBatch) throw new XapiRefusal(413, "PAYLOAD_TOO_LARGE", $"At most {MaxBatch} statements a request.");
        var now = clock.GetUtcNow();
        var checkedStatements = new List<CheckedStatement>();
        foreach (var node in sent)
        {
            try
            {
                checkedStatements.Add(StatementValidator.Check(node));
            }
            catch (InvalidStatementException invalid)
            {
                throw new XapiRefusal(400, "XAPI_INVALID_STATEMENT", invalid.Message);
            }
        }
        if (pathId is { } put && checkedStatements[0].Id is { } inBody && inBody != put)
            throw new XapiRefusal(400, "XAPI_INVALID_STATEMENT", "The statement's id differs from statementId.");

        var batch = new List<NewXapiStatement>();
        foreach (var statement in checkedStatements)
        {
            if (!caller.IsService && statement.ActorKey != PersonKey(caller.Subject!))
                throw new XapiRefusal(403, "FORBIDDEN", "A person's credentials state only about that person.");
            if (caller.LaunchRegistration is { } registration && statement.Registration != registration)
                throw new XapiRefusal(403, "FORBIDDEN", "A launch token states only within its own registration.");
            var id = pathId ?? statement.Id ?? Guid.NewGuid();
            if (batch.Any(b => b.Id == id)) throw new XapiRefusal(400, "XAPI_INVALID_STATEMENT", $"Statement {id} is in the batch twice.");
            var stored = Stored(statement.Json, id, now, storedBy);
            var contents = AttachmentContents(statement.Json, parts);
            SignedStatements.Check(statement.Json, contents);
            batch.Add(new NewXapiStatement(id, stored.ToJsonString(), statement.ActorKey, statement.VerbId,
                statement.ActivityId, statement.Registration, statement.VoidsId, now, attestation, storedBy,
                [.. StatementReferences.Of(stored), .. contents.Select(c => new XapiReference(XapiReference.Attachment, c.Sha2, true))], contents));
        }
        var used = batch.SelectMany(b => b.Attachments ?? []).Select(a => a.Sha2).ToHashSet();
        if (parts?.Keys.FirstOrDefault(sha2 => !used.Contains(sha2)) is { } unused)
            throw new XapiRefusal(400, "BAD_REQUEST", $"The part {unused} is no attachment of the statements sent.");
        // The profiles' rules last, once the LRS's own checks (who may state what) have passed.
        if (pathId is { } named) checkedStatements[0] = checkedStatements[0] with { Id = named };
        foreach (var gate in gates) await gate.Admit(caller, checkedStatements, cancellationToken);
        foreach (var voiding in batch.Where(b => b.VoidsId is not null))
        {
            var target = batch.FirstOrDefault(b => b.Id == voiding.VoidsId) ?? (await store.Find(voiding.VoidsId!.Value, cancellationToken))?.Statement;
            if (target?.VoidsId is not null) throw new XapiRefusal(400, "XAPI_INVALID_STATEMENT", "A voiding statement cannot be voided.");
            // Voiding takes a statement out of every query: only its own sender (or an admin) may do that.
            if (target is not null && !caller.IsAdmin && target.StoredBy != storedBy)
                throw new XapiRefusal(403, "FORBIDDEN", "A statement is voided only by the credentials that stored it, or an admin.");
        }

        var outcome = await store.Store(batch, SameContent, cancellationToken);
        if (outcome.Conflicts.Count > 0)
            throw new XapiRefusal(409, "CONFLICT", $"Statement {outcome.Conflicts[0]} is stored already with other content; nothing of this request was stored.");
        foreach (var gate in gates)
        foreach (var made in await gate.Stored(caller, checkedStatements, cancellationToken))
            await StoreByServer(made, cancellationToken);
        return batch.Select(b => b.Id).ToList();
    }

    /// <summary>The contents sent for a statement's attachments: each attachment without a <c>fileUrl</c> needs its part
    /// (Data 2.4.11); one with a <c>fileUrl</c> may come without.</summary>
    private static List<XapiAttachment> AttachmentContents(JsonObject statement, IReadOnlyDictionary<string, XapiAttachment>? parts)
    {
        var contents = new List<XapiAttachment>();
        foreach (var attachment in statement["attachments"] as JsonArray ?? [])
        {
            var sha2 = ((string)attachment!["sha2"]!).ToLowerInvariant();
            if (parts is not null && parts.TryGetValue(sha2, out var part)) contents.Add(part);
            else if (attachment["fileUrl"] is null)
                throw new XapiRefusal(400, "BAD_REQUEST", $"The attachment {sha2} has no fileUrl and no part was sent for it.");
        }
        return contents;
    }

    /// <summary>A statement the server itself makes (cmi5's launched, for one): checked like any other, attested SERVER.</summary>
    public async Task StoreByServer(JsonObject statement, CancellationToken cancellationToken)
    {
        CheckedStatement checkedStatement;
        try
        {
            checkedStatement = StatementValidator.Check(statement);
        }
        catch (InvalidStatementException invalid)
        {
            throw new InvalidOperationException($"The server made an invalid statement: {invalid.Message}");
        }
        var id = checkedStatement.Id ?? Guid.NewGuid();
        var now = clock.GetUtcNow();
        const string storedBy = "server";
        var stored = Stored(checkedStatement.Json, id, now, storedBy);
        var outcome = await store.Store([new NewXapiStatement(id, stored.ToJsonString(), checkedStatement.ActorKey,
            checkedStatement.VerbId, checkedStatement.ActivityId, checkedStatement.Registration, checkedStatement.VoidsId, now, "SERVER", storedBy,
            StatementReferences.Of(stored))],
            SameContent, cancellationToken);
        if (outcome.Conflicts.Count > 0) throw DomainException.Conflict($"Statement {id} is stored already with other content.");
    }

    public async Task<JsonObject?> Single(Caller caller, Guid id, bool voided, CancellationToken cancellationToken)
    {
        var row = await store.Find(id, cancellationToken);
        if (row is null || row.Voided != voided || !MayRead(caller, row)) return null;
        return JsonNode.Parse(row.Statement.Json)!.AsObject();
    }

    public async Task<StatementResult> Query(Caller caller, XapiStatementQuery query, CancellationToken cancellationToken)
    {
        query = ReadScope(caller, query);
        var rows = await store.Query(query with { Limit = query.Limit + 1 }, cancellationToken);
        var page = rows.Take(query.Limit).ToList();
        var more = rows.Count > query.Limit ? "/xapi/statements?more=" + Cursor(query with { AfterPosition = page[^1].Position }) : "";
        return new StatementResult(new JsonArray(page.Select(r => JsonNode.Parse(r.Statement.Json)).ToArray()), more);
    }

    public async Task<StatementResult> More(Caller caller, string cursor, CancellationToken cancellationToken) =>
        await Query(caller, FromCursor(cursor), cancellationToken);

    /// <summary>Reading all statements takes an admin or the <c>statements/read</c> scope; otherwise a person reads
    /// statements about themselves, and an integration with <c>statements/read/mine</c> the ones it stored.</summary>
    private XapiStatementQuery ReadScope(Caller caller, XapiStatementQuery query)
    {
        if (ReadsAll(caller)) return query;
        if (caller.IsService)
            return caller.HasScope(XapiScopes.ReadMine)
                ? query with { OnlyStoredBy = StoredBy(caller) }
                : throw new XapiRefusal(403, "FORBIDDEN", $"Reading statements needs the {XapiScopes.Read} or {XapiScopes.ReadMine} scope.");
        var own = PersonKey(caller.Subject!);
        if (query.ActorKey is not null && query.ActorKey != own)
            throw new XapiRefusal(403, "FORBIDDEN", "A person reads only statements about themselves.");
        return query with { OnlyActorKey = own };
    }

    private bool MayRead(Caller caller, XapiStatementRow row) =>
        ReadsAll(caller) || (caller.IsService ? (caller.HasScope(XapiScopes.ReadMine)) && row.Statement.StoredBy == StoredBy(caller)
            : row.Statement.ActorKey == PersonKey(caller.Subject!));

    private static bool ReadsAll(Caller caller) => caller.IsAdmin || caller.HasScope(XapiScopes.Read);

    /// <summary>How a person's own statement (their sign-in token, not a launch's) is kept: a claim, which scores nothing.</summary>
    public const string SelfReported = "SELF_REPORTED";

    private static (string Attestation, string StoredBy) WriteAccess(Caller caller)
    {
        if (caller.LaunchSession is { } session) return ("LAUNCH_SESSION", "launch:" + session);
        if (!caller.IsService) return (SelfReported, StoredBy(caller));
        return caller.HasScope(XapiScopes.Write)
            ? ("SERVICE", StoredBy(caller))
            : throw new XapiRefusal(403, "FORBIDDEN", $"Storing statements needs the {XapiScopes.Write} scope.");
    }

    private static string StoredBy(Caller caller) => caller.LaunchSession is { } session ? "launch:" + session : caller.IsService ? "service:" + caller.Subject : "person:" + caller.Subject;

    /// <summary>The statement as kept: the LRS's own <c>id</c>, <c>stored</c>, <c>authority</c>; <c>version</c> 1.0.0 and
    /// <c>timestamp</c> = <c>stored</c> when the client left them out (xAPI 1.0.3, 2.4.7–2.4.10).</summary>
    private JsonObject Stored(JsonObject sent, Guid id, DateTimeOffset now, string storedBy)
    {
        var statement = sent.DeepClone().AsObject();
        var stored = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        statement["id"] = id.ToString("D");
        statement["stored"] = stored;
        statement["authority"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new JsonObject { ["homePage"] = $"{Base}/credentials", ["name"] = storedBy },
        };
        statement["version"] ??= "1.0.0";
        statement["timestamp"] ??= stored;
        ContextActivitiesAsArrays(statement["context"]);
        if ((string?)statement["object"]?["objectType"] == "SubStatement") ContextActivitiesAsArrays(statement["object"]!["context"]);
        return statement;
    }

    /// <summary>A single context activity is sent for an array of one, and returned as that array (Data 2.4.6.2).</summary>
    private static void ContextActivitiesAsArrays(JsonNode? context)
    {
        if (context?["contextActivities"] is not JsonObject activities) return;
        foreach (var key in activities.Select(a => a.Key).ToList())
            if (activities[key] is JsonObject single)
            {
                activities.Remove(key);
                activities[key] = new JsonArray(single);
            }
    }

    /// <summary>Two statements with one id are the same when they agree on everything the client decides: the LRS's own
    /// properties (stored, authority, version, and a timestamp it filled in) are left out of the comparison.</summary>
    private static bool SameContent(string existing, string sent)
    {
        static JsonObject Sent(string json)
        {
            var statement = JsonNode.Parse(json)!.AsObject();
            foreach (var key in new[] { "stored", "authority", "version" }) statement.Remove(key);
            if (statement["timestamp"]?.ToString() == JsonNode.Parse(json)!["stored"]?.ToString()) statement.Remove("timestamp");
            return statement;
        }
        return JsonNode.DeepEquals(Sent(existing), Sent(sent));
    }

    private static string Cursor(XapiStatementQuery query) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(query))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static XapiStatementQuery FromCursor(string cursor)
    {
        try
        {
            var text = cursor.Replace('-', '+').Replace('_', '/');
            text += new string('=', (4 - text.Length % 4) % 4);
            var query = JsonSerializer.Deserialize<XapiStatementQuery>(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
            return query is { Limit: >= 1 and <= MaxLimit } ? query : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            throw new XapiRefusal(400, "BAD_REQUEST", "The more address is not one this LRS made.");
        }
    }
}
