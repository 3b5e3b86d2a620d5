namespace Gamified.Api.Security;

/// <summary>
/// The <c>Auth:ClaimMapping</c> configuration section: how the tokens of an external issuer (<c>Auth:Authority</c>) become
/// our <c>sub</c>, <c>role</c> and <c>department</c> claims. Providers name these differently (Keycloak: <c>groups</c> or
/// <c>realm_access.roles</c>; Azure AD: <c>roles</c>; WeCom and DingTalk bridges: claims of their own), so the names are
/// configuration. Deny by default: a value the map does not name gives nothing, and nothing the token says under our own
/// claim names counts unless a setting reads it.
/// </summary>
public sealed class ClaimMappingOptions
{
    public const string Section = "Auth:ClaimMapping";

    /// <summary>The claim read by <see cref="RoleClaims"/> when none is configured; its values are our role names.</summary>
    public const string DefaultRoleClaim = "role";

    /// <summary>The claim whose value is the learner id (some organisations use an employee number claim). A dotted name
    /// reads into a JSON object (<c>ext.employee_number</c>) when no claim has the literal name.</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>Lower-cases the subject, as the staff import does with employee numbers. Only for an issuer whose subjects
    /// do not differ by case alone (two people must never become one learner).</summary>
    public bool LowerCaseSubject { get; set; }

    /// <summary>The claims that hold the person's groups or roles (empty: <c>role</c>).</summary>
    public List<string> RoleClaims { get; set; } = [];

    /// <summary>Our role → the issuer's values that give it (<c>Roles:admin:0=gamified-admins</c>). Empty: the values of
    /// <c>role</c> that are our role names, allowed only while <see cref="RoleClaims"/> is not configured.</summary>
    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The claim with the departments a person belongs to (or, for a manager, manages); empty: none.</summary>
    public string? DepartmentClaim { get; set; } = "department";

    /// <summary>Whether a department value <c>*</c> (an organisation-wide manager) is taken from the issuer. Off: <c>*</c> is
    /// dropped, so a person who can edit their own department attribute at the issuer cannot reach every department.</summary>
    public bool AllowAllDepartments { get; set; }

    /// <summary>The role of a signed-in person none of whose values is mapped (learner or author); empty: such a person is not
    /// signed in here at all.</summary>
    public string? DefaultRole { get; set; }

    /// <summary>Claims read for roles: <see cref="RoleClaims"/>, or <c>role</c>.</summary>
    public IReadOnlyList<string> EffectiveRoleClaims => RoleClaims.Count == 0 ? [DefaultRoleClaim] : RoleClaims;

    /// <summary>The value map in force: <see cref="Roles"/>, or each of our role names for itself.</summary>
    public IReadOnlyDictionary<string, List<string>> EffectiveRoles =>
        Roles.Count > 0 ? Roles : Security.Roles.All.ToDictionary(r => r, r => new List<string> { r }, StringComparer.Ordinal);

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(SubjectClaim)) return "SubjectClaim names the claim with the learner id (default 'sub').";
        if (RoleClaims.Any(string.IsNullOrWhiteSpace)) return "RoleClaims holds claim names, none empty.";
        if (Roles.Keys.FirstOrDefault(r => !Security.Roles.All.Contains(r)) is { } unknown)
            return $"Roles:{unknown} is not one of our roles ({string.Join(", ", Security.Roles.All)}); the keys are ours, the values the issuer's.";
        if (Roles.FirstOrDefault(r => r.Value is null || r.Value.Count == 0 || r.Value.Any(string.IsNullOrWhiteSpace)) is { Key: { } empty })
            return $"Roles:{empty} lists the issuer's values that give the role, none empty.";
        if (RoleClaims.Count > 0 && Roles.Count == 0)
            return "Roles is required with RoleClaims: map the issuer's values to our roles (for example Roles:learner:0=staff); unmapped values give nothing.";
        if (!string.IsNullOrWhiteSpace(DefaultRole) && DefaultRole is not (Security.Roles.Learner or Security.Roles.Author))
            return "DefaultRole is learner or author: admin and manager come only from a mapped value.";
        return null;
    }
}
