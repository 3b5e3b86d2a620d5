using Gamified.Ledger;
using Gamified.Api.Common;
using Gamified.Api.Learners;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Directory;

namespace Gamified.Api.Departments;

public sealed class DepartmentService(IGrainFactory grains, ILedgerStore ledger, DepartmentTree tree)
{
    public async Task<DepartmentInfo> Create(string id, CreateDepartment command) =>
        Changed(await grains.Department(Validate.Id(id, "input.id")).Create(command));

    public async Task<DepartmentInfo> Rename(string id, LocalizedText names) =>
        await grains.Department(Validate.Id(id, "input.id")).Rename(names);

    /// <summary>Moves a department (and everything below it) under another, or to the top; its managers' reach moves with it.</summary>
    public async Task<DepartmentInfo> Move(string id, string? parentId) =>
        Changed(await grains.GetGrain<IOrganisationGrain>(IOrganisationGrain.Key).Move(id, string.IsNullOrWhiteSpace(parentId) ? null : parentId));

    /// <summary>Merges a department into another (see <see cref="IOrganisationGrain.Merge"/>): an admin, or a manager of both whose reach
    /// includes the department above <paramref name="fromId"/>.</summary>
    public async Task<DepartmentMerge> Merge(Caller caller, string fromId, string intoId)
    {
        await RequireMayReorganise(caller, Validate.Id(fromId, "input.from"));
        caller.RequireManages(Validate.Id(intoId, "input.into"));
        var merge = await Organisation.Merge(fromId, intoId);
        tree.Invalidate();
        return merge;
    }

    public async Task<DepartmentInfo> SetActive(Caller caller, string id, bool active)
    {
        await RequireMayReorganise(caller, Validate.Id(id, "id"));
        return Changed(active ? await Organisation.Reactivate(id) : await Organisation.Deactivate(id));
    }

    private IOrganisationGrain Organisation => grains.GetGrain<IOrganisationGrain>(IOrganisationGrain.Key);

    /// <summary>
    /// Admins and organisation-wide managers change any department. A manager changes only departments strictly inside their
    /// reach: they must manage the department above it too. So a bureau's manager reorganises the bureau's departments but
    /// cannot deactivate or merge away the bureau their token names (and with it their place on the boards).
    /// </summary>
    private async Task RequireMayReorganise(Caller caller, string id)
    {
        if (caller.SeesEveryDepartment) return;
        caller.RequireManages(id);
        var department = await grains.Department(id).Get() ?? throw DomainException.NotFound("Department", id);
        if (department.ParentId is not { } parent || !caller.Manages(parent))
            throw Caller.Forbidden($"Only admins and managers of the department above '{id}' may deactivate, reactivate or merge it.");
    }

    private DepartmentInfo Changed(DepartmentInfo department)
    {
        tree.Invalidate();
        return department;
    }

    public async Task<DepartmentInfo?> Find(string id) =>
        Validate.IsId(id) ? await grains.Department(id).Get() : null;

    /// <summary>Every department in id order; inactive ones (deactivated, merged) only when asked for.</summary>
    public async Task<IReadOnlyList<DepartmentInfo>> List(bool includeInactive = false)
    {
        var ids = await grains.Directory().List(DirectoryKind.Department);
        var all = await Task.WhenAll(ids.Select(id => grains.Department(id).Get()));
        return all.OfType<DepartmentInfo>().Where(d => includeInactive || d.Active).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A loader for one request: the totals of every department it asks for, in one query (read from the learner
    /// accounts, which every award keeps current).</summary>
    public BatchLoader<string, DepartmentTotals> TotalsLoader() => new(ledger.GetDepartmentTotals);
}
