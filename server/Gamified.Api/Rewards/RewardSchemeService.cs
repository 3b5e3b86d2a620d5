using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Rewards;

namespace Gamified.Api.Rewards;

/// <summary>The API's way to reward schemes, with the rule that a manager touches only schemes within their departments.</summary>
public sealed class RewardSchemeService(IGrainFactory grains, DryRun dryRun, TimeProvider clock)
{
    public async Task<SchemeView> Create(Caller caller, string id, SchemeDefinition definition)
    {
        RequireScope(caller, definition);
        return await grains.RewardScheme(Validate.Id(id, "input.id")).Create(definition, caller.Name);
    }

    public async Task<SchemeView> Update(Caller caller, string id, SchemeDefinition definition)
    {
        var existing = await Existing(id);
        RequireScope(caller, existing);
        RequireScope(caller, definition);
        return await grains.RewardScheme(id).Update(definition, caller.Name);
    }

    public async Task<SchemeView> Activate(Caller caller, string id, DateTimeOffset? effectiveFrom)
    {
        var existing = await Existing(id);
        RequireScope(caller, existing);
        return await grains.RewardScheme(id).Activate(effectiveFrom ?? clock.GetUtcNow(), caller.Name);
    }

    public async Task<SchemeView> Archive(Caller caller, string id)
    {
        var existing = await Existing(id);
        RequireScope(caller, existing);
        return await grains.RewardScheme(id).Archive(caller.Name);
    }

    /// <summary>Projects the scheme's newest version (its draft, if it has one) over recorded activity; writes nothing.</summary>
    public async Task<DryRunResult> DryRun(Caller caller, string id, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from) throw DomainException.BadInput("to", "to must be after from.");
        if (to - from > TimeSpan.FromDays(366)) throw DomainException.BadInput("to", "A dry run covers at most a year.");
        var existing = await Existing(id);
        var candidate = existing.Versions[^1];
        RequireScope(caller, existing);
        var inForce = await grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key).InForce();
        var result = await dryRun.Project(candidate, inForce, from, to, cancellationToken);
        // A department's manager sees their departments' figures, not everyone's.
        return caller.IsAdmin || caller.ManagesEveryDepartment
            ? result
            : result with
            {
                Departments = result.Departments.Where(d => caller.Manages(d.DepartmentId)).ToList(),
                LargestChanges = result.LargestChanges.Where(c => caller.Manages(c.DepartmentId)).ToList(),
            };
    }

    public async Task<IReadOnlyList<SchemeView>> List()
    {
        var ids = await grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key).SchemeIds();
        return (await Task.WhenAll(ids.Select(id => grains.RewardScheme(id).Get()))).OfType<SchemeView>().ToList();
    }

    public async Task<SchemeView?> Find(string id) =>
        Validate.IsId(id) ? await grains.RewardScheme(id).Get() : null;

    private async Task<SchemeView> Existing(string id) =>
        await Find(id) ?? throw DomainException.NotFound("Reward scheme", id);

    /// <summary>Every version not archived counts: a narrower draft does not open the active version to fewer managers.</summary>
    private static void RequireScope(Caller caller, SchemeView scheme)
    {
        var live = scheme.Versions.Where(v => v.Status != SchemeStatus.Archived).Select(v => v.Definition).ToList();
        if (live.Count == 0) live = [scheme.Versions[^1].Definition];
        foreach (var definition in live) RequireScope(caller, definition);
    }

    /// <summary>An organisation-wide scheme is for organisation-wide managers and admins; a department scheme for its managers.</summary>
    private static void RequireScope(Caller caller, SchemeDefinition definition)
    {
        if (caller.IsAdmin) return;
        if (definition.IsOrganisationWide ? !caller.ManagesEveryDepartment : !definition.DepartmentIds.All(caller.Manages))
            throw Caller.Forbidden(definition.IsOrganisationWide
                ? "Only organisation-wide managers and admins may change an organisation-wide scheme."
                : "You manage only some of this scheme's departments.");
    }
}
