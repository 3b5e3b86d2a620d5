using Orleans.Concurrency;

namespace Gamified.Directory;

public enum DirectoryKind
{
    Department,
    Team,
    Challenge,
    TrainingPlan,
    Brainstorm,
}

/// <summary>
/// The organisation's list of departments, teams, challenges, training plans and brainstorms, so they can be enumerated
/// (grains cannot be). One instance, key <see cref="Key"/>; the lists are small (hundreds of entries).
/// </summary>
[Alias("gamified.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "organisation";

    [Alias("Add")]
    Task Add(DirectoryKind kind, string id);

    [AlwaysInterleave, Alias("List")]
    [return: Immutable]
    Task<IReadOnlyList<string>> List(DirectoryKind kind);
}
