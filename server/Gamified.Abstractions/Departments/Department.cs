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
}
