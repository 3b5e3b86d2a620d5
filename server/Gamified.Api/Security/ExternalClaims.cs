using System.Security.Claims;
using System.Text.Json;
using Gamified.Common;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gamified.Api.Security;

/// <summary>
/// Turns a validated token of the external issuer into our caller: <c>sub</c>, <c>role</c> and <c>department</c> claims by
/// <see cref="ClaimMappingOptions"/>, and nothing else of the token. It reads the token's JSON payload rather than the
/// claims the handler made of it, because only the JSON tells an array (each element one value, spaces and all) from a
/// string (a list separated by spaces or commas, like OAuth's <c>scope</c>): a group <c>["Data admins"]</c> must never be
/// read as a group <c>admins</c>.
/// </summary>
public static class ExternalClaims
{
    /// <summary>The authentication type of a mapped identity: marks a principal already mapped (transformations may run twice).</summary>
    public const string AuthenticationType = "external-issuer";

    /// <summary>At most this many values of one claim are read: a token is not a place for a directory.</summary>
    public const int MaxValuesPerClaim = 200;

    private static readonly char[] Separators = [' ', ',', '\t', '\n', '\r'];

    /// <summary>The mapped principal, or null with the reason the token does not sign anyone in here.</summary>
    public static ClaimsPrincipal? Map(ClaimsPrincipal validated, ClaimMappingOptions options, out string? refusal)
    {
        var identity = validated.Identities.FirstOrDefault(i => i is CaseSensitiveClaimsIdentity { SecurityToken: JsonWebToken });
        if (identity is not CaseSensitiveClaimsIdentity { SecurityToken: JsonWebToken token })
        {
            refusal = "the validated token is not a JWT";
            return null;
        }
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        return Map(payload.RootElement, options, out refusal);
    }

    /// <summary>The mapping itself, from the token's payload.</summary>
    public static ClaimsPrincipal? Map(JsonElement payload, ClaimMappingOptions options, out string? refusal)
    {
        var subject = Scalar(Find(payload, options.SubjectClaim))?.Trim();
        if (options.LowerCaseSubject) subject = subject?.ToLowerInvariant();
        if (string.IsNullOrEmpty(subject))
        {
            refusal = $"the token has no '{options.SubjectClaim}' claim (Auth:ClaimMapping:SubjectClaim)";
            return null;
        }
        if (!Validate.IsId(subject))
        {
            // The subject becomes the learner id, which is a lower-case slug; a value that is not one names no learner.
            refusal = $"the '{options.SubjectClaim}' claim is not a learner id (a-z, 0-9, '.', '_', '-', at most {Validate.MaxIdLength})";
            return null;
        }

        var values = options.EffectiveRoleClaims.SelectMany(claim => Values(Find(payload, claim))).ToHashSet(StringComparer.Ordinal);
        var roles = options.EffectiveRoles.Where(role => role.Value.Any(values.Contains)).Select(role => role.Key).ToList();
        if (roles.Count == 0 && !string.IsNullOrWhiteSpace(options.DefaultRole)) roles.Add(options.DefaultRole);
        if (roles.Count == 0)
        {
            refusal = "none of the token's values is mapped to a role (Auth:ClaimMapping:Roles) and there is no DefaultRole";
            return null;
        }

        var departments = string.IsNullOrWhiteSpace(options.DepartmentClaim)
            ? []
            : Values(Find(payload, options.DepartmentClaim))
                .Where(d => Validate.IsId(d) || (d == Security.Roles.AllDepartments && options.AllowAllDepartments))
                .Distinct(StringComparer.Ordinal).ToList();

        var mapped = new ClaimsIdentity(AuthenticationType, Caller.SubjectClaim, Caller.RoleClaim);
        mapped.AddClaim(new Claim(Caller.SubjectClaim, subject));
        foreach (var role in roles) mapped.AddClaim(new Claim(Caller.RoleClaim, role));
        foreach (var department in departments) mapped.AddClaim(new Claim(Caller.DepartmentClaim, department));
        refusal = null;
        return new ClaimsPrincipal(mapped);
    }

    /// <summary>The claim by its literal name, else, for a dotted name, by a path into JSON objects (<c>realm_access.roles</c>):
    /// the longest literal prefix first, since claim names themselves may hold dots (<c>https://example.gov.cn/roles</c>).</summary>
    private static JsonElement? Find(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object) return null;
        if (json.TryGetProperty(name, out var literal)) return literal;
        for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            if (json.TryGetProperty(name[..dot], out var outer) && Find(outer, name[(dot + 1)..]) is { } inner)
                return inner;
        return null;
    }

    private static string? Scalar(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number => value.Value.GetRawText(),   // an employee number may come as a JSON number
        _ => null,
    };

    /// <summary>An array's string elements, each whole; a string split at spaces and commas.</summary>
    private static IEnumerable<string> Values(JsonElement? value) => (value?.ValueKind switch
    {
        JsonValueKind.Array => value.Value.EnumerateArray().Select(e => Scalar(e)).OfType<string>().Select(v => v.Trim()),
        JsonValueKind.String => value.Value.GetString()!.Split(Separators, StringSplitOptions.RemoveEmptyEntries),
        JsonValueKind.Number => [value.Value.GetRawText()],
        _ => [],
    }).Where(v => v.Length > 0).Take(MaxValuesPerClaim);
}
