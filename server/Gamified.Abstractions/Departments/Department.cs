using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Departments;

[GenerateSerializer, Immutable, Alias("gamified.CreateDepartment")]
public sealed record CreateDepartment(
    [property: Id(0)] LocalizedText Names,
    [property: Id(1)] string? ParentId);

/// <param name="DeactivatedAt">When it was deactivated (or merged); null while active.</param>
/// <param name="MergedInto">The department it was merged into, when a merge deactivated it.</param>
[GenerateSerializer, Immutable, Alias("gamified.DepartmentInfo")]
public sealed record DepartmentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Names,
    [property: Id(2)] string? ParentId,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? DeactivatedAt = null,
    [property: Id(5)] string? MergedInto = null)
{
    /// <summary>An inactive department takes no learners or departments, and is off the live boards; its history stays.</summary>
    public bool Active => DeactivatedAt is null;
}

/// <summary>What a merge did: the department merged (now inactive) and the one it went into, with how many learners and
/// departments moved (on a repeat, those the earlier attempt left).</summary>
[GenerateSerializer, Immutable, Alias("gamified.DepartmentMerge")]
public sealed record DepartmentMerge(
    [property: Id(0)] DepartmentInfo From,
    [property: Id(1)] DepartmentInfo Into,
    [property: Id(2)] int LearnersMoved,
    [property: Id(3)] int DepartmentsMoved);

[Alias("gamified.IDepartmentGrain")]
public interface IDepartmentGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<DepartmentInfo> Create(CreateDepartment command);

    [AlwaysInterleave, Alias("Get")]
    [return: Immutable]
    Task<DepartmentInfo?> Get();

    [Alias("Rename")]
    Task<DepartmentInfo> Rename(LocalizedText names);

    /// <summary>Sets the parent as given. Only <see cref="IOrganisationGrain.Move"/> calls it, after checking the tree
    /// stays a tree: moves pass through that one grain, so two moves cannot close a cycle between them.</summary>
    [Alias("SetParent")]
    Task<DepartmentInfo> SetParent(string? parentId);

    /// <summary>Deactivates (remembering a merge's target) or reactivates. Only <see cref="IOrganisationGrain"/> calls it,
    /// after checking the department is empty; harmless to repeat.</summary>
    [Alias("SetActive")]
    Task<DepartmentInfo> SetActive(bool active, string? mergedInto);
}

/// <summary>The organisation tree's changes, one at a time (key <see cref="Key"/>).</summary>
[Alias("gamified.IOrganisationGrain")]
public interface IOrganisationGrain : IGrainWithStringKey
{
    public const string Key = "organisation";

    /// <summary>Puts the department under <paramref name="parentId"/> (null: at the top); refused when the parent is
    /// the department itself or below it.</summary>
    [Alias("Move")]
    Task<DepartmentInfo> Move(string departmentId, string? parentId);

    /// <summary>
    /// Moves everyone active in <paramref name="fromId"/> to <paramref name="intoId"/> (their history kept) and its departments
    /// under it, then leaves <paramref name="fromId"/> inactive, remembering where it went. Refused into itself, below itself,
    /// or into an inactive department; repeating a merge that was done (or stopped half-way) finishes it.
    /// </summary>
    [Alias("Merge")]
    Task<DepartmentMerge> Merge(string fromId, string intoId);

    /// <summary>Refused while the department has active learners or active departments below it (the refusal counts them).</summary>
    [Alias("Deactivate")]
    Task<DepartmentInfo> Deactivate(string departmentId);

    /// <summary>Refused while the department above it is inactive.</summary>
    [Alias("Reactivate")]
    Task<DepartmentInfo> Reactivate(string departmentId);
}

public static class DepartmentChecks
{
    /// <summary>The department something joins (a learner, a department below it): it must exist and be active.</summary>
    public static DepartmentInfo RequireActive(DepartmentInfo? department, string id, string? field = null) =>
        department is null ? throw DomainException.NotFound("Department", id)
        : department.Active ? department
        : throw new DomainException(ErrorCodes.DepartmentInactive,
            department.MergedInto is { } into
                ? $"Department '{id}' was merged into '{into}' and takes no new learners or departments."
                : $"Department '{id}' is inactive and takes no new learners or departments.", field);
}
