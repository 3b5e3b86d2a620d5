using System.Security.Claims;
using Gamified.Common;
using GraphQL;

namespace Gamified.Api.Security;

/// <summary>Who is calling, read from the validated token: subject, roles, and the departments they manage.</summary>
public sealed class Caller(ClaimsPrincipal? principal)
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string DepartmentClaim = "department";

    /// <summary>Names the service account (its client id) in a token issued for client credentials; such a token is no person's.</summary>
    public const string ServiceAccountClaim = "service_account";

    /// <summary>The token's scopes (space-separated, as OAuth writes them; a token may also repeat the claim).</summary>
    public const string ScopeClaim = "scope";

    /// <summary>On a cmi5 launch token only: the launch session and its registration (see Cmi5/Cmi5Endpoints).</summary>
    public const string LaunchSessionClaim = "cmi5_session";
    public const string LaunchRegistrationClaim = "cmi5_registration";

    /// <summary>The cmi5 launch session this caller's token is bound to; null for every other kind of token.</summary>
    public string? LaunchSession => principal?.FindFirst(LaunchSessionClaim)?.Value;

    public Guid? LaunchRegistration => Guid.TryParse(principal?.FindFirst(LaunchRegistrationClaim)?.Value, out var r) ? r : null;

    public bool IsAuthenticated => principal?.Identity?.IsAuthenticated == true;

    public string? Subject => principal?.FindFirst(SubjectClaim)?.Value;

    public string Name => Subject ?? "anonymous";

    /// <summary>An integration's token (client credentials): it has no person's roles, only its scopes and departments.</summary>
    public bool IsService => principal?.FindFirst(ServiceAccountClaim) is not null;

    /// <summary>A service token's scopes; a person's token reaches nothing through scopes.</summary>
    public IReadOnlyList<string> Scopes => !IsService ? [] :
        principal!.FindAll(ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();

    public bool HasScope(string scope) => Scopes.Contains(scope);

    /// <summary>A service token carries no person's roles, whatever claims it has.</summary>
    public bool IsIn(string role) => !IsService && principal?.HasClaim(RoleClaim, role) == true;

    public IReadOnlyList<string> RoleNames => IsService ? [] : principal?.FindAll(RoleClaim).Select(c => c.Value).ToList() ?? [];

    /// <summary>Reads reports as a manager does, within <see cref="Departments"/>: managers, and service accounts (which reach
    /// only the fields of their scopes).</summary>
    public bool ReadsAsManager => IsIn(Roles.Manager) || IsService;

    public bool IsAdmin => IsIn(Roles.Admin);

    /// <summary>The departments named in the token (for a manager: those they manage; <c>*</c>: all).</summary>
    public IReadOnlyList<string> Departments => principal?.FindAll(DepartmentClaim).Select(c => c.Value).ToList() ?? [];

    /// <summary>Admins and organisation-wide managers see every department.</summary>
    public bool SeesEveryDepartment => IsAdmin || ManagesEveryDepartment;

    public bool ManagesEveryDepartment => ReadsAsManager && principal!.HasClaim(DepartmentClaim, Roles.AllDepartments);

    /// <summary>Managers manage the departments named in their token; admins manage all. A service account is limited to its
    /// departments the same way (an HR sync for one bureau), within the fields its scopes reach.</summary>
    public bool Manages(string departmentId) =>
        IsAdmin || (ReadsAsManager && (ManagesEveryDepartment || principal!.HasClaim(DepartmentClaim, departmentId)));

    /// <summary>A service account is never a learner, whatever its client id.</summary>
    public bool Is(string learnerId) => !IsService && Subject is not null && Subject == learnerId;

    /// <summary>Refuses unless the caller is the learner, or an admin.</summary>
    public void RequireSelfOrAdmin(string learnerId, string what)
    {
        if (!Is(learnerId) && !IsAdmin)
            throw Forbidden($"Only the learner themselves or an admin may {what}.");
    }

    /// <summary>A learner's full profile is for the learner, managers of their department, and admins.</summary>
    public void RequireCanSee(Gamified.Learners.LearnerSnapshot learner)
    {
        if (!Is(learner.Profile.Id) && !Manages(learner.Profile.DepartmentId))
            throw Forbidden("Only the learner, managers of their department and admins may see this profile.");
    }

    public void RequireManages(string departmentId)
    {
        if (!Manages(departmentId))
            throw Forbidden($"Only managers of department '{departmentId}' and admins may do this.");
    }

    /// <summary>
    /// Admins register anyone. A learner registers only themselves, and, when their token names
    /// departments, only into one of those.
    /// </summary>
    public void RequireMayRegister(string learnerId, string departmentId)
    {
        if (IsAdmin) return;
        if (!Is(learnerId)) throw Forbidden("A learner may register only themselves (id = the token's subject).");
        var departments = principal!.FindAll(DepartmentClaim).Select(c => c.Value).ToList();
        if (departments.Count > 0 && !departments.Contains(departmentId))
            throw Forbidden($"Your token does not place you in department '{departmentId}'.");
    }

    public static DomainException Forbidden(string message) => new(ErrorCodes.Forbidden, message);
}

public static class CallerExtensions
{
    public static Caller Caller(this IResolveFieldContext context) => new(context.User);
}
