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

    public bool IsAuthenticated => principal?.Identity?.IsAuthenticated == true;

    public string? Subject => principal?.FindFirst(SubjectClaim)?.Value;

    public string Name => Subject ?? "anonymous";

    public bool IsIn(string role) => principal?.HasClaim(RoleClaim, role) == true;

    public IReadOnlyList<string> RoleNames => principal?.FindAll(RoleClaim).Select(c => c.Value).ToList() ?? [];

    public bool IsAdmin => IsIn(Roles.Admin);

    /// <summary>The departments named in the token (for a manager: those they manage; <c>*</c>: all).</summary>
    public IReadOnlyList<string> Departments => principal?.FindAll(DepartmentClaim).Select(c => c.Value).ToList() ?? [];

    /// <summary>Admins and organisation-wide managers see every department.</summary>
    public bool SeesEveryDepartment => IsAdmin || ManagesEveryDepartment;

    public bool ManagesEveryDepartment => IsIn(Roles.Manager) && principal!.HasClaim(DepartmentClaim, Roles.AllDepartments);

    /// <summary>Managers manage the departments named in their token; admins manage all.</summary>
    public bool Manages(string departmentId) =>
        IsAdmin || (IsIn(Roles.Manager) && (ManagesEveryDepartment || principal!.HasClaim(DepartmentClaim, departmentId)));

    public bool Is(string learnerId) => Subject is not null && Subject == learnerId;

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
