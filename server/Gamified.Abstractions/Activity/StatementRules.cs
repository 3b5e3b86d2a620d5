using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gamified.Common;

namespace Gamified.Activity;

/// <summary>Checks a statement from outside and gives it a stable fingerprint for idempotency.</summary>
public static class StatementRules
{
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxObjectIdLength = 200;
    public const int MaxDurationSeconds = 24 * 60 * 60;
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
    // A client's own time is kept for the record only; a year back covers any offline queue worth honouring.
    private static readonly TimeSpan MaxReportedAge = TimeSpan.FromDays(366);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The fingerprint leaves out who vouches for a statement (a replay checks that separately): it is what was stated that a
    // retry must repeat. Leaving the properties out, rather than writing a constant, keeps the fingerprints of learners'
    // statements stored before attestations existed; those the server or an admin stored then carried an "issuedBy" that
    // was part of their fingerprint, so a retry of one of those, after the upgrade, is refused as a different statement.
    private static readonly JsonSerializerOptions FingerprintJson = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(ActivityStatement)) return;
                    foreach (var property in info.Properties.Where(p => p.Name is "attestation" or "imported").ToList())
                        info.Properties.Remove(property);
                },
            },
        },
    };

    /// <summary>
    /// Returns the statement normalised (key and ids trimmed, times to UTC milliseconds) or throws BAD_USER_INPUT. Every
    /// check on a statement's key or ids runs on what this returns, never on what the client sent: a key sent with a
    /// leading space is the same key as without it.
    /// </summary>
    public static ActivityStatement Validate(ActivityStatement s, DateTimeOffset now)
    {
        var key = NormaliseKey(s.IdempotencyKey);
        if (key.Length == 0 || key.Length > MaxIdempotencyKeyLength || key.Any(char.IsControl))
            throw DomainException.BadInput("input.idempotencyKey",
                $"input.idempotencyKey must be 1 to {MaxIdempotencyKeyLength} printable characters.");
        Common.Validate.WellFormed(key, "input.idempotencyKey");

        if (s.Verb is null || !Verbs.Iris.ContainsKey(s.Verb))
            throw DomainException.BadInput("input.verb", $"input.verb must be one of: {string.Join(", ", Verbs.Iris.Keys)}.");

        if (s.Object is null || !Verbs.ObjectKinds.Contains(s.Object.Kind ?? ""))
            throw DomainException.BadInput("input.object.kind", $"input.object.kind must be one of: {string.Join(", ", Verbs.ObjectKinds)}.");
        var objectId = Common.Validate.Name(s.Object.Id, "input.object.id", MaxObjectIdLength);

        if (s.Result is { } r)
        {
            if (r.Score is { } score && (double.IsNaN(score) || score < 0 || score > 100))
                throw DomainException.BadInput("input.result.score", "input.result.score must be between 0 and 100.");
            if (r.LearningGain is { } gain && (double.IsNaN(gain) || gain < -1 || gain > 1))
                throw DomainException.BadInput("input.result.learningGain", "A learning gain is between -1 and 1.");
            if (r.DurationSeconds is { } seconds && (seconds < 0 || seconds > MaxDurationSeconds))
                throw DomainException.BadInput("input.result.durationSeconds",
                    $"input.result.durationSeconds must be between 0 and {MaxDurationSeconds}.");
        }

        var context = s.Context is null ? null : new ActivityContext(
            OptionalId(s.Context.PackageId, "input.context.packageId"),
            Common.Validate.OptionalText(s.Context.PackageVersion, "input.context.packageVersion", 32),
            OptionalId(s.Context.ChallengeId, "input.context.challengeId"),
            OptionalId(s.Context.TeamId, "input.context.teamId"));

        DateTimeOffset? reportedAt = null;
        if (s.ReportedAt is { } sent)
        {
            // The server's own statements may report old times (a brainstorm closed long after its ideas were submitted).
            if ((sent < now - MaxReportedAge && s.Attestation != Attestation.Server) || sent > now + AllowedClockSkew)
                throw DomainException.BadInput("input.timestamp",
                    $"input.timestamp must be within the last {MaxReportedAge.TotalDays:0} days and not in the future.");
            reportedAt = DateTimeOffset.FromUnixTimeMilliseconds(sent.ToUnixTimeMilliseconds());
        }

        return new ActivityStatement(key, s.Verb, new ActivityObject(objectId, s.Object.Kind!), s.Result, context, reportedAt, s.Attestation, s.Imported);
    }

    /// <summary>The key as it is stored and compared: trimmed of surrounding white space.</summary>
    public static string NormaliseKey(string? key) => key?.Trim() ?? "";

    /// <summary>The statement as stored, JSON.</summary>
    public static string ToJson(ActivityStatement statement) => JsonSerializer.Serialize(statement, Json);

    /// <summary>
    /// A stored statement read back. Statements stored before attestations existed said <c>"issuedBy"</c> instead: the
    /// server's own became <see cref="Attestation.Server"/>, an administrator's an import; anything else was the learner's.
    /// </summary>
    public static ActivityStatement FromJson(string json)
    {
        var statement = JsonSerializer.Deserialize<ActivityStatement>(json, Json) ?? throw new JsonException("A stored statement is null.");
        if (statement.Attestation != Attestation.SelfReported) return statement;
        if (json.Contains("\"issuedBy\":\"server\"", StringComparison.Ordinal)) return statement with { Attestation = Attestation.Server };
        if (json.Contains("\"issuedBy\":\"admin\"", StringComparison.Ordinal)) return statement with { Attestation = Attestation.Manager, Imported = true };
        return statement;
    }

    /// <summary>
    /// SHA-256 of what was stated, without the idempotency key and the attestation: equal payloads under one key are a
    /// retry, whoever sends it (the first statement's outcome stands).
    /// </summary>
    public static string PayloadHash(ActivityStatement statement) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(statement with { IdempotencyKey = "" }, FingerprintJson)));

    private static string? OptionalId(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? null : Common.Validate.Id(value, field);
}
