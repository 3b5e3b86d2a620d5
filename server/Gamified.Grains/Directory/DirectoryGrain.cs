using Gamified.Common;

namespace Gamified.Directory;

[GenerateSerializer, Alias("gamified.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public List<string> Departments { get; set; } = [];
    [Id(1)] public List<string> Teams { get; set; } = [];
    [Id(2)] public List<string> Challenges { get; set; } = [];
    [Id(3)] public List<string> TrainingPlans { get; set; } = [];
    [Id(4)] public List<string> Brainstorms { get; set; } = [];
}

public sealed class DirectoryGrain(
    [PersistentState("directory", StorageNames.Main)] IPersistentState<DirectoryState> state) : Grain, IDirectoryGrain
{
    public async Task Add(DirectoryKind kind, string id)
    {
        var list = ListOf(kind);
        if (list.Contains(id)) return;
        list.Add(id);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List(DirectoryKind kind) => Task.FromResult<IReadOnlyList<string>>(ListOf(kind).ToList());

    private List<string> ListOf(DirectoryKind kind) => kind switch
    {
        DirectoryKind.Department => state.State.Departments,
        DirectoryKind.Team => state.State.Teams,
        DirectoryKind.Challenge => state.State.Challenges,
        DirectoryKind.TrainingPlan => state.State.TrainingPlans,
        DirectoryKind.Brainstorm => state.State.Brainstorms,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
