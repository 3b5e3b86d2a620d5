using Gamified.Leaderboards;
using Gamified.Api.Departments;
using Gamified.Api.Learners;
using Gamified.Api.Teams;
using Gamified.Common;
using Gamified.Departments;
using Gamified.Rewards;

namespace Gamified.Api.Leaderboards;

public enum DepartmentMeasure
{
    XpPerActiveLearner,
    ParticipationRate,
    AverageLearningGain,
    TotalXp,
}

/// <summary>A learner's place as public boards show it: by the name they chose to show, never by id.</summary>
/// <param name="Change">Places gained (negative: lost) since the day began in the rewards calendar; null when new on the board today.</param>
public sealed record LearnerStanding(long Rank, long Score, string Name, string DepartmentId, bool IsMe, long? Change);

/// <summary>A team's place: its members' XP earned while in the team.</summary>
public sealed record TeamStanding(long Rank, long Score, string TeamId, LocalizedText Names, int Members, long? Change);

/// <summary>Which campaign a CAMPAIGN window means.</summary>
public sealed record CampaignRef(string SchemeId, string CampaignId);

/// <summary>A window resolved to its board key and its extent.</summary>
public sealed record ResolvedWindow(string Key, DateTimeOffset Start, DateTimeOffset? End);

/// <summary>A department's place; departments with too few active learners share one grouped row.</summary>
public sealed record DepartmentStanding(long Rank, string? DepartmentId, LocalizedText Names, double Value, long TotalXp,
    int ActiveLearners, int Members, double? AverageLearningGain, bool Grouped);

public sealed record MyStanding(LearnerStanding Me, IReadOnlyList<LearnerStanding> Above, IReadOnlyList<LearnerStanding> Below);

public sealed class LeaderboardService(ILeaderboardStore store, LearnerService learners, DepartmentService departments,
    TeamService teams, IDepartmentFigures figures, RewardSettings settings, LeaderboardOptions options, TimeProvider clock, IGrainFactory grains,
    BoardPageCache pages)
{
    public static readonly LocalizedText Others = new("其他部门（活跃人数不足）", "Other departments (too few active learners)");

    /// <summary>The board key and extent of a window: a calendar window now, or a campaign of a scheme in force.</summary>
    public async Task<ResolvedWindow> Resolve(BoardWindow window, CampaignRef? campaign)
    {
        var now = clock.GetUtcNow();
        if (window != BoardWindow.Campaign)
        {
            if (campaign is not null) throw DomainException.BadInput("campaign", "A campaign goes with the CAMPAIGN window only.");
            return new ResolvedWindow(BoardNames.Key(window, now, settings.Zone), BoardNames.Start(window, now, settings.Zone), null);
        }
        if (campaign is null) throw DomainException.BadInput("campaign", "The CAMPAIGN window needs a campaign: its scheme id and campaign id.");
        Validate.Id(campaign.SchemeId, "campaign.schemeId");
        Validate.Id(campaign.CampaignId, "campaign.campaignId");
        var inForce = await grains.GetGrain<ISchemeRegistryGrain>(ISchemeRegistryGrain.Key).InForce();
        // The version in force now names the campaign's window; a campaign only in a version still to come is shown too.
        var found = SchemeCampaigns.Windows(RewardEngine.NewestOfEach(inForce.Where(v => v.AppliesAt(now))))
            .Concat(SchemeCampaigns.Windows(inForce))
            .FirstOrDefault(w => w.SchemeId == campaign.SchemeId && w.CampaignId == campaign.CampaignId)
            ?? throw DomainException.NotFound("Campaign", $"{campaign.SchemeId}/{campaign.CampaignId}");
        return new ResolvedWindow(found.Key, found.From, found.To);
    }

    private string Today => BoardNames.Day(clock.GetUtcNow(), settings.Zone);

    public static string Board(string window, string? departmentId) =>
        departmentId is null ? BoardNames.Learners(window) : BoardNames.DepartmentLearners(departmentId, window);

    public async Task<(IReadOnlyList<LearnerStanding> Places, long Total)> Learners(ResolvedWindow window, string? departmentId, long offset, int count, string? me)
    {
        var board = Board(window.Key, departmentId);
        var page = await pages.Get(board, offset, count, async () =>
        {
            // The page and the count together, not one after the other.
            var (placesTask, totalTask) = (store.Range(board, offset, count), store.Count(board));
            await Task.WhenAll(placesTask, totalTask);
            return new BoardPage(await Standings(board, placesTask.Result, me: null), placesTask.Result.Select(p => p.Member).ToList(), totalTask.Result);
        });
        return (page.Standings.Select((s, i) => page.Members[i] == me ? s with { IsMe = true } : s).ToList(), page.Total);
    }

    public async Task<MyStanding?> Mine(string learnerId, ResolvedWindow window, int around, bool departmentOnly)
    {
        var learner = await learners.Find(learnerId) ?? throw DomainException.NotFound("Learner", learnerId);
        var board = Board(window.Key, departmentOnly ? learner.Profile.DepartmentId : null);
        if (await store.Find(board, learnerId) is not { } place) return null;
        var aboveTask = store.Range(board, Math.Max(0, place.Rank - 1 - around), (int)Math.Min(around, place.Rank - 1));
        var belowTask = store.Range(board, place.Rank, around);
        await Task.WhenAll(aboveTask, belowTask);
        var (above, below) = (aboveTask.Result, belowTask.Result);
        var standings = await Standings(board, [.. above, place, .. below], learnerId);
        return new MyStanding(standings[above.Count], standings.Take(above.Count).ToList(), standings.Skip(above.Count + 1).ToList());
    }

    public async Task<(IReadOnlyList<TeamStanding> Places, long Total)> Teams(ResolvedWindow window, long offset, int count)
    {
        var board = BoardNames.Teams(window.Key);
        var (placesTask, totalTask) = (store.Range(board, offset, count), store.Count(board));
        await Task.WhenAll(placesTask, totalTask);
        var places = placesTask.Result;
        var changes = await Changes(board, places);
        var standings = await Task.WhenAll(places.Select(async (p, i) =>
        {
            var team = await teams.Find(p.Member);
            return new TeamStanding(p.Rank, p.Score, p.Member, team?.Names ?? new LocalizedText(p.Member, p.Member), team?.Members.Count ?? 0, changes[i]);
        }));
        return (standings, totalTask.Result);
    }

    /// <summary>
    /// Departments ranked by the measure; those under the active-learner threshold are grouped into one row. Inactive
    /// (deactivated, merged) departments are not rows. Rolled up, the rows are the active departments directly under
    /// <paramref name="parentId"/> (null: the top of the tree), each counting its whole subtree, inactive departments in it
    /// included (XP stays where it was earned): XP summed, active learners counted once across the subtree's boards, members
    /// and gains summed, and the same threshold applied to the subtree's figures. All read from the existing department
    /// boards and totals at read time; the boards' write path is unchanged.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentStanding>> Departments(ResolvedWindow window, DepartmentMeasure measure, bool rollUp, string? parentId,
        CancellationToken cancellationToken)
    {
        if (parentId is not null && !rollUp) throw DomainException.BadInput("parentId", "parentId chooses the level of a roll-up: pass rollUp: true with it.");
        var key = window.Key;
        var all = await departments.List(includeInactive: true);
        if (parentId is not null && !all.Any(d => d.Id == Validate.Id(parentId, "parentId"))) throw DomainException.NotFound("Department", parentId);
        var units = rollUp ? Subtrees(all, parentId) : all.Where(d => d.Active).Select(d => (Head: d, Ids: (IReadOnlyList<string>)[d.Id])).ToList();

        var totals = (await store.Range(BoardNames.DepartmentTotals(key), 0, 10_000)).ToDictionary(p => p.Member, p => p.Score);
        var members = await figures.Members(cancellationToken);
        var gains = await figures.Gains(window.Start, window.End, cancellationToken);
        var rows = new List<(string? Id, LocalizedText Names, long Xp, int Active, int Members, double GainSum, int GainCount)>();
        var grouped = (Id: (string?)null, Names: Others, Xp: 0L, Active: 0, Members: 0, GainSum: 0.0, GainCount: 0);
        var counts = await Task.WhenAll(units.Select(u => Heads(u.Ids, key, cancellationToken)));
        foreach (var (unit, i) in units.Select((u, i) => (u, i)))
        {
            var active = (int)counts[i];
            var unitGains = unit.Ids.Select(gains.GetValueOrDefault).OfType<DepartmentGain>().ToList();
            var row = (Id: (string?)unit.Head.Id, unit.Head.Names, Xp: unit.Ids.Sum(totals.GetValueOrDefault), Active: active,
                Members: unit.Ids.Sum(members.GetValueOrDefault), GainSum: unitGains.Sum(g => g.AverageGain * g.Learners), GainCount: unitGains.Sum(g => g.Learners));
            if (active >= options.MinActiveLearners) rows.Add(row);
            else grouped = (null, Others, grouped.Xp + row.Xp, grouped.Active + row.Active, grouped.Members + row.Members,
                grouped.GainSum + row.GainSum, grouped.GainCount + row.GainCount);
        }
        if (grouped.Members > 0) rows.Add(grouped);

        double Value((string? Id, LocalizedText Names, long Xp, int Active, int Members, double GainSum, int GainCount) r) => measure switch
        {
            DepartmentMeasure.TotalXp => r.Xp,
            DepartmentMeasure.ParticipationRate => r.Members == 0 ? 0 : (double)r.Active / r.Members,
            // Under the threshold a department's average gain is a handful of learners' results: neither shown nor ranked.
            DepartmentMeasure.AverageLearningGain => r.GainCount < options.MinActiveLearners ? 0 : r.GainSum / r.GainCount,
            _ => r.Active == 0 ? 0 : (double)r.Xp / r.Active,
        };
        return rows.OrderByDescending(Value).ThenBy(r => r.Id is null).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select((r, i) => new DepartmentStanding(i + 1, r.Id, r.Names, Math.Round(Value(r), 4), r.Xp, r.Active, r.Members,
                r.GainCount == 0 || r.GainCount < options.MinActiveLearners ? null : Math.Round(r.GainSum / r.GainCount, 4), r.Id is null))
            .ToList();
    }

    /// <summary>
    /// Learners on the boards of these departments in the window, each once. A learner is on the board of every department they
    /// scored in, so the boards' sizes are summed and then, for the few learners who moved between two of these departments
    /// (from the department history), the extra places taken off. That costs a place lookup per mover rather than a union of
    /// every board of the subtree, which in Redis would hold the boards' writers up while it ran (about a quarter of a second
    /// for 100,000 learners).
    /// </summary>
    private async Task<long> Heads(IReadOnlyList<string> departmentIds, string window, CancellationToken cancellationToken)
    {
        // Every department's count at once (pipelined), not one round trip after another.
        var sizes = await Task.WhenAll(departmentIds.Select(d => store.Count(BoardNames.DepartmentLearners(d, window))));
        if (departmentIds.Count < 2) return sizes.Sum();
        var movers = await figures.Movers(departmentIds, cancellationToken);
        var places = await Task.WhenAll(movers.Select(async m =>
            (await Task.WhenAll(m.Value.Select(d => store.Find(BoardNames.DepartmentLearners(d, window), m.Key)))).Count(p => p is not null)));
        return sizes.Sum() - places.Sum(on => Math.Max(0, on - 1));
    }

    /// <summary>The active departments directly under <paramref name="parentId"/> (null: the top), each with every department below it.</summary>
    private static List<(DepartmentInfo Head, IReadOnlyList<string> Ids)> Subtrees(IReadOnlyList<DepartmentInfo> all, string? parentId)
    {
        var children = all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!, StringComparer.Ordinal);
        return all.Where(d => d.Active && d.ParentId == parentId).Select(head =>
        {
            var ids = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([head.Id]);
            while (pending.TryPop(out var id))
                if (seen.Add(id))
                {
                    ids.Add(id);
                    foreach (var child in children[id]) pending.Push(child.Id);
                }
            return (head, (IReadOnlyList<string>)ids);
        }).ToList();
    }

    private async Task<IReadOnlyList<LearnerStanding>> Standings(string board, IReadOnlyList<BoardPlace> places, string? me)
    {
        // The rank changes and the page's learners (each once, all together) are read side by side.
        var (changesTask, found) = (Changes(board, places), learners.FindMany(places.Select(p => p.Member).ToList()));
        var (changes, byId) = (await changesTask, await found);
        return places.Select((place, i) =>
        {
            var learner = byId.GetValueOrDefault(place.Member);
            var hidden = learner is null || learner.Profile.Visibility == Gamified.Learners.PublicVisibility.Hidden;
            return new LearnerStanding(place.Rank, place.Score, learner?.PublicName() ?? LearnerPublicName.Hidden,
                hidden ? "" : learner!.Profile.DepartmentId, place.Member == me, changes[i]);
        }).ToList();
    }

    /// <summary>Places gained since the day began (positive: up), or null for members new on the board today.</summary>
    private async Task<IReadOnlyList<long?>> Changes(string board, IReadOnlyList<BoardPlace> places)
    {
        if (places.Count == 0) return [];
        var before = await store.RanksAtDayStart(board, Today, places.Select(p => p.Member).ToList());
        return places.Select((p, i) => before[i] - p.Rank).ToList();
    }
}
