using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Departments;

[GenerateSerializer, Immutable, Alias("gamified.CreateDepartment")]
public sealed record CreateDepartment(
    [property: Id(0)] LocalizedText Names,
    [property: Id(1)] string? ParentId);

[GenerateSerializer, Immutable, Alias("gamified.DepartmentInfo")]
public sealed record DepartmentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Names,
    [property: Id(2)] string? ParentId,
    [property: Id(3)] DateTimeOffset CreatedAt);

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
}
