using System.Security.Claims;
using Gamified.Api.Departments;
using Microsoft.AspNetCore.Authentication;

namespace Gamified.Api.Security;

/// <summary>
/// A manager of a bureau manages its departments, at any depth: the department claims of a manager's token are widened
/// to the departments below them, as the tree stands now (a department moved out leaves the bureau's reach). Runs on
/// every authenticated request, over HTTP and on a WebSocket's sign-in. A service account's departments widen the same way.
/// </summary>
public sealed class ManagedDepartments(DepartmentTree tree) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (!new Caller(principal).ReadsAsManager || principal.HasClaim(Caller.DepartmentClaim, Roles.AllDepartments))
            return principal;
        var named = principal.FindAll(Caller.DepartmentClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (named.Count == 0) return principal;
        var below = (await tree.WithDescendants(named)).Where(d => !named.Contains(d)).ToList();
        if (below.Count == 0) return principal;
        var widened = principal.Clone();
        widened.AddIdentity(new ClaimsIdentity(below.Select(d => new Claim(Caller.DepartmentClaim, d))));
        return widened;
    }
}
