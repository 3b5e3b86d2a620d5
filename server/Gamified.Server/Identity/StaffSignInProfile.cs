using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Learners;

namespace Gamified.Server.Identity;

/// <summary>
/// Who a local account is at sign-in. HR is the source of truth for staff: a person the staff directory lists signs in with
/// the department and roles of their HR record (plus any role an admin gave the account itself), and a person HR
/// deactivated does not sign in at all. An account no learner matches (the first admin, an external expert) keeps the
/// roles and departments it was created with.
/// </summary>
public sealed class StaffSignInProfile(ILearnerDirectory directory, LearnerService learners)
{
    public sealed record Profile(IReadOnlyList<string> Roles, IReadOnlyList<string> Departments, bool Deactivated);

    public async Task<Profile> Of(LocalAccount account)
    {
        var own = new Profile(account.RoleList, account.DepartmentList, false);
        // The directory first: an account that is no learner (an admin, an expert) signs in without waking a learner grain.
        if (!Validate.IsId(account.UserName) || !await directory.Exists(account.UserName)) return own;
        var learner = await learners.Find(account.UserName);
        if (learner is null) return own;
        if (!learner.Profile.Active) return own with { Deactivated = true };
        IReadOnlyList<string> staffRoles = learner.Profile.Roles is { Count: > 0 } roles ? roles : [Roles.Learner];
        return new Profile([.. account.RoleList.Union(staffRoles)], [.. account.DepartmentList.Union([learner.Profile.DepartmentId])], false);
    }
}
