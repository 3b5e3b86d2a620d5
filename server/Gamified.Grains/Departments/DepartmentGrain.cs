using Gamified.Common;
using Gamified.Directory;

namespace Gamified.Departments;

[GenerateSerializer, Alias("gamified.DepartmentState")]
public sealed class DepartmentState
{
    [Id(0)] public LocalizedText Names { get; set; } = new("", "");
    [Id(1)] public string? ParentId { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? DeactivatedAt { get; set; }
    [Id(4)] public string? MergedInto { get; set; }
}

/// <summary>A department (or a bureau above departments). Membership and totals live with the learner accounts.</summary>
public sealed class DepartmentGrain(
    [PersistentState("department", StorageNames.Main)] IPersistentState<DepartmentState> state,
    TimeProvider clock) : Grain, IDepartmentGrain
{
    private string DepartmentId => this.EntityId();

    public async Task<DepartmentInfo> Create(CreateDepartment command)
    {
        if (state.RecordExists) throw DomainException.Conflict($"Department '{DepartmentId}' already exists.");
        var names = Validate.Names(command.Names, "input.names");
        string? parentId = null;
        if (!string.IsNullOrWhiteSpace(command.ParentId))
        {
            parentId = Validate.Id(command.ParentId, "input.parentId");
            if (parentId == DepartmentId)
                throw DomainException.BadInput("input.parentId", "A department cannot be its own parent.");
            DepartmentChecks.RequireActive(await GrainFactory.Department(parentId).Get(), parentId, "input.parentId");
        }

        state.State = new DepartmentState { Names = names, ParentId = parentId, CreatedAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        await GrainFactory.Directory().Add(DirectoryKind.Department, DepartmentId);
        return Info();
    }

    public Task<DepartmentInfo?> Get() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task<DepartmentInfo> Rename(LocalizedText names)
    {
        RequireExists();
        var before = state.State.Names;
        state.State.Names = Validate.Names(names, "input.names");
        await state.WriteOrUndoAsync(() => state.State.Names = before);
        return Info();
    }

    public async Task<DepartmentInfo> SetParent(string? parentId)
    {
        RequireExists();
        if (state.State.ParentId == parentId) return Info();
        var before = state.State.ParentId;
        state.State.ParentId = parentId;
        await state.WriteOrUndoAsync(() => state.State.ParentId = before);
        return Info();
    }

    public async Task<DepartmentInfo> SetActive(bool active, string? mergedInto)
    {
        RequireExists();
        var (deactivatedAt, merged) = (state.State.DeactivatedAt, state.State.MergedInto);
        if ((deactivatedAt is null) == active && merged == mergedInto) return Info();
        state.State.DeactivatedAt = active ? null : deactivatedAt ?? clock.GetUtcNow();
        state.State.MergedInto = active ? null : mergedInto;
        await state.WriteOrUndoAsync(() => (state.State.DeactivatedAt, state.State.MergedInto) = (deactivatedAt, merged));
        return Info();
    }

    private void RequireExists()
    {
        if (!state.RecordExists) throw DomainException.NotFound("Department", DepartmentId);
    }

    private DepartmentInfo Info() =>
        new(DepartmentId, state.State.Names, state.State.ParentId, state.State.CreatedAt, state.State.DeactivatedAt, state.State.MergedInto);
}
