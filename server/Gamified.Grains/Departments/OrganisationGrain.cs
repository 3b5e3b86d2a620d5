using Gamified.Common;

namespace Gamified.Departments;

/// <summary>
/// Moves departments in the organisation tree one at a time. Each move walks up from the new parent and refuses when it
/// meets the department being moved; as every move passes through this one grain, no two moves can each pass that check
/// and together close a cycle. Creating a department cannot close one (it has no children yet), so it does not pass here.
/// </summary>
public sealed class OrganisationGrain : Grain, IOrganisationGrain
{
    /// <summary>Deeper than any real organisation; a longer walk means the tree is already broken.</summary>
    private const int MaxDepth = 64;

    public async Task<DepartmentInfo> Move(string departmentId, string? parentId)
    {
        Validate.Id(departmentId, "input.id");
        var department = GrainFactory.Department(departmentId);
        if (await department.Get() is null) throw DomainException.NotFound("Department", departmentId);
        if (parentId is not null)
        {
            Validate.Id(parentId, "input.parentId");
            var ancestor = parentId;
            for (var depth = 0; ancestor is not null; depth++)
            {
                if (ancestor == departmentId || depth == MaxDepth)
                    throw DomainException.BadInput("input.parentId", $"'{parentId}' is '{departmentId}' or below it: the tree would become a loop.");
                var info = await GrainFactory.Department(ancestor).Get() ?? throw DomainException.NotFound("Department", ancestor);
                ancestor = info.ParentId;
            }
        }
        return await department.SetParent(parentId);
    }
}
