using Gamified.Common;
using Gamified.Departments;
using Gamified.Directory;

namespace Gamified.Api.Departments;

/// <summary>
/// The organisation tree as this node last read it, for "which departments lie under these?" on every request. Read again
/// when this node changes the tree, and at most <see cref="Fresh"/> after another node did.
/// </summary>
public sealed class DepartmentTree(IGrainFactory grains, TimeProvider clock)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;
    private int _version;   // moves on with each change; a read begun before a change is not kept

    private sealed record Snapshot(DateTimeOffset ReadAt, ILookup<string, string> Children, IReadOnlyDictionary<string, string?> Parents);

    /// <summary>The departments and every department below them.</summary>
    public async Task<IReadOnlySet<string>> WithDescendants(IEnumerable<string> departmentIds)
    {
        var children = (await Current()).Children;
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(departmentIds);
        while (pending.TryPop(out var id))
            if (found.Add(id))
                foreach (var child in children[id]) pending.Push(child);
        return found;
    }

    /// <summary>Those of the departments that have no parent among them: the tops of the subtrees they form (all departments: the roots).</summary>
    public async Task<IReadOnlyList<string>> Tops(IReadOnlyCollection<string>? departmentIds)
    {
        var parents = (await Current()).Parents;
        var within = departmentIds?.ToHashSet(StringComparer.Ordinal);
        return (within ?? (IEnumerable<string>)parents.Keys)
            .Where(id => parents.GetValueOrDefault(id) is not { } parent || (within is not null && !within.Contains(parent)))
            .Order(StringComparer.Ordinal).ToList();
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _snapshot = null;
    }

    private async Task<Snapshot> Current()
    {
        if (_snapshot is { } snapshot && clock.GetUtcNow() - snapshot.ReadAt < Fresh) return snapshot;
        var version = Volatile.Read(ref _version);
        var ids = await grains.Directory().List(DirectoryKind.Department);
        var all = (await Task.WhenAll(ids.Select(id => grains.Department(id).Get()))).OfType<DepartmentInfo>().ToList();
        var read = new Snapshot(clock.GetUtcNow(), all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!, d => d.Id, StringComparer.Ordinal),
            all.ToDictionary(d => d.Id, d => d.ParentId, StringComparer.Ordinal));
        if (Volatile.Read(ref _version) == version) _snapshot = read;
        return read;
    }
}
