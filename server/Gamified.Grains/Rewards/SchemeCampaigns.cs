using Gamified.Leaderboards;

namespace Gamified.Rewards;

/// <summary>
/// The campaigns of every scheme version in force or due, as board windows. A campaign without departments of its
/// own covers its scheme's departments (none: the whole organisation).
/// </summary>
public sealed class SchemeCampaigns(IGrainFactory grains) : ICampaignSource
{
    public async Task<IReadOnlyList<CampaignWindow>> Current() =>
        Windows(await grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key).InForce());

    public static IReadOnlyList<CampaignWindow> Windows(IEnumerable<SchemeVersion> versions) =>
        versions.SelectMany(v => v.Definition.Campaigns.Select(c => new CampaignWindow(v.SchemeId, c.Id, c.From, c.To,
                c.DepartmentIds.Count > 0 ? c.DepartmentIds : v.Definition.DepartmentIds)))
            .DistinctBy(w => w.Key)
            .ToList();
}
