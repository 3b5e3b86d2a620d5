using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gamified.Activity;
using Gamified.Common;

namespace Gamified.Learners;

/// <summary>Checks a statement from outside and gives it a stable fingerprint for idempotency.</summary>
public static class StatementRules
{
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxObjectIdLength = 200;
    public const int MaxDurationSeconds = 24 * 60 * 60;
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Returns the statement normalised (trimmed, times to UTC milliseconds) or throws BAD_USER_INPUT.</summary>
    public static ActivityStatement Validate(ActivityStatement s, DateTimeOffset now)
    {
        var key = s.IdempotencyKey?.Trim() ?? "";
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

        DateTimeOffset? timestamp = null;
        if (s.Timestamp is { } sent)
        {
            if (sent < Earliest || sent > now + AllowedClockSkew)
                throw DomainException.BadInput("input.timestamp", "input.timestamp must be after 2000-01-01 and not in the future.");
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(sent.ToUnixTimeMilliseconds());
        }

        return new ActivityStatement(key, s.Verb, new ActivityObject(objectId, s.Object.Kind!), s.Result, context, timestamp, s.IssuedBy);
    }

    /// <summary>The statement as stored, JSON.</summary>
    public static string ToJson(ActivityStatement statement) => JsonSerializer.Serialize(statement, Json);

    /// <summary>SHA-256 of everything but the idempotency key: equal payloads under one key are a retry.</summary>
    public static string PayloadHash(ActivityStatement statement) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson(statement with { IdempotencyKey = "" }))));

    private static string? OptionalId(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? null : Common.Validate.Id(value, field);
}
