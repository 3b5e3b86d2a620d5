using Gamified.Common;
using Gamified.Directory;
using Gamified.Learners;

namespace Gamified.Departments;

/// <summary>
/// Changes the organisation tree one at a time: moves, merges, (de)activations. Each move walks up from the new parent and
/// refuses when it meets the department being moved; as every move passes through this one grain, no two moves can each
/// pass that check and together close a cycle. Creating a department cannot close one (it has no children yet), so it does
/// not pass here.
/// </summary>
public sealed class OrganisationGrain(ILearnerDirectory directory) : Grain, IOrganisationGrain
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
            DepartmentChecks.RequireActive(await GrainFactory.Department(parentId).Get(), parentId, "input.parentId");
            await RequireNotBelow(parentId, departmentId, "input.parentId");
        }
        return await department.SetParent(parentId);
    }

    public async Task<DepartmentMerge> Merge(string fromId, string intoId)
    {
        Validate.Id(fromId, "input.from");
        Validate.Id(intoId, "input.into");
        if (fromId == intoId) throw DomainException.BadInput("input.into", "A department cannot be merged into itself.");
        var from = await GrainFactory.Department(fromId).Get() ?? throw DomainException.NotFound("Department", fromId);
        var into = DepartmentChecks.RequireActive(await GrainFactory.Department(intoId).Get(), intoId, "input.into");
        // Inactive is fine only as what an earlier run of this same merge left: repeating it finishes it.
        if (!from.Active && from.MergedInto != intoId) DepartmentChecks.RequireActive(from, fromId, "input.from");
        await RequireNotBelow(intoId, fromId, "input.into");

        // Deactivated first, so nobody joins it while its people leave; then whatever a stop half-way left is found again.
        from = await GrainFactory.Department(fromId).SetActive(false, intoId);
        var learners = await directory.ActiveIn(fromId);
        // One learner's move is a few writes; SQLite takes them one at a time anyway, so a small batch keeps this grain's
        // turn short without queueing hundreds of calls at once.
        foreach (var batch in learners.Chunk(Math.Max(1, directory.WriteParallelism)))
            await Task.WhenAll(batch.Select(id => GrainFactory.Learner(id).Move(intoId)));
        var children = (await All()).Where(d => d.ParentId == fromId).ToList();
        foreach (var child in children) await GrainFactory.Department(child.Id).SetParent(intoId);
        return new DepartmentMerge(from, into, learners.Count, children.Count);
    }

    public async Task<DepartmentInfo> Deactivate(string departmentId)
    {
        Validate.Id(departmentId, "input.id");
        var grain = GrainFactory.Department(departmentId);
        var department = await grain.Get() ?? throw DomainException.NotFound("Department", departmentId);
        if (!department.Active) return department;
        // Deactivated before counting, so a learner who joins meanwhile is either counted or refused; undone when not empty.
        var deactivated = await grain.SetActive(false, null);
        var learners = (await directory.ActiveIn(departmentId)).Count;
        var children = (await All()).Count(d => d.ParentId == departmentId && d.Active);
        if (learners == 0 && children == 0) return deactivated;
        await grain.SetActive(true, null);
        throw new DomainException(ErrorCodes.DepartmentNotEmpty,
            $"部门“{department.Names.ZhCn}”还有 {learners} 名在职学员和 {children} 个下属在用部门，请先调出或合并。 " +
            $"Department '{departmentId}' still has {learners} active learners and {children} active departments below it: move or merge them first.",
            "input.id");
    }

    public async Task<DepartmentInfo> Reactivate(string departmentId)
    {
        Validate.Id(departmentId, "input.id");
        var grain = GrainFactory.Department(departmentId);
        var department = await grain.Get() ?? throw DomainException.NotFound("Department", departmentId);
        if (department.Active) return department;
        if (department.ParentId is { } parent) DepartmentChecks.RequireActive(await GrainFactory.Department(parent).Get(), parent, "input.id");
        return await grain.SetActive(true, null);
    }

    /// <summary>Refuses when <paramref name="candidate"/> is <paramref name="departmentId"/> or below it, walking up from the candidate.</summary>
    private async Task RequireNotBelow(string candidate, string departmentId, string field)
    {
        var ancestor = candidate;
        for (var depth = 0; ancestor is not null; depth++)
        {
            if (ancestor == departmentId || depth == MaxDepth)
                throw DomainException.BadInput(field, $"'{candidate}' is '{departmentId}' or below it: the tree would become a loop.");
            var info = await GrainFactory.Department(ancestor).Get() ?? throw DomainException.NotFound("Department", ancestor);
            ancestor = info.ParentId;
        }
    }

    /// <summary>Every department (hundreds, not learners); read only by changes, which are rare.</summary>
    private async Task<IReadOnlyList<DepartmentInfo>> All()
    {
        var ids = await GrainFactory.Directory().List(DirectoryKind.Department);
        return (await Task.WhenAll(ids.Select(id => GrainFactory.Department(id).Get()))).OfType<DepartmentInfo>().ToList();
    }
}
