using Gamified.Ledger;
using Gamified.Api.Common;
using Gamified.Api.Learners;
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

    private DepartmentInfo Changed(DepartmentInfo department)
    {
        tree.Invalidate();
        return department;
    }

    public async Task<DepartmentInfo?> Find(string id) =>
        Validate.IsId(id) ? await grains.Department(id).Get() : null;

    public async Task<IReadOnlyList<DepartmentInfo>> List()
    {
        var ids = await grains.Directory().List(DirectoryKind.Department);
        var all = await Task.WhenAll(ids.Select(id => grains.Department(id).Get()));
        return all.OfType<DepartmentInfo>().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A loader for one request: the totals of every department it asks for, in one query (read from the learner
    /// accounts, which every award keeps current).</summary>
    public BatchLoader<string, DepartmentTotals> TotalsLoader() => new(ledger.GetDepartmentTotals);
}
