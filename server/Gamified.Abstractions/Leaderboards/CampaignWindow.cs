using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Gamified.Leaderboards;

/// <summary>
/// A campaign's window as the boards see it: XP earned from <see cref="From"/> until <see cref="To"/> by learners of
/// <see cref="DepartmentIds"/> (empty: every department) counts on the campaign's boards.
/// </summary>
public sealed record CampaignWindow(string SchemeId, string CampaignId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> DepartmentIds)
{
    /// <summary>
    /// The window key of the campaign's boards. It names the window's extent too, so a campaign whose dates or
    /// departments change in a new scheme version gets fresh boards instead of ones counted for other dates.
    /// </summary>
    [JsonIgnore]
    public string Key
    {
        get
        {
            var extent = $"{From.ToUnixTimeSeconds()}|{To.ToUnixTimeSeconds()}|{string.Join(',', DepartmentIds.Order(StringComparer.Ordinal))}";
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(extent)))[..8];
            return $"campaign-{SchemeId}-{CampaignId}-{digest}";
        }
    }

    public bool Counts(DateTimeOffset at, string departmentId) =>
        at >= From && at < To && (DepartmentIds.Count == 0 || DepartmentIds.Contains(departmentId, StringComparer.Ordinal));
}

/// <summary>Where the projection learns which campaigns exist (the reward schemes in force).</summary>
public interface ICampaignSource
{
    Task<IReadOnlyList<CampaignWindow>> Current();
}

/// <summary>No campaigns: for hosts and tools without reward schemes.</summary>
public sealed class NoCampaigns : ICampaignSource
{
    public Task<IReadOnlyList<CampaignWindow>> Current() => Task.FromResult<IReadOnlyList<CampaignWindow>>([]);
}
