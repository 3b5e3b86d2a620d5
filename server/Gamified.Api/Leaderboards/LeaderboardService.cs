using Gamified.Api.Departments;
using Gamified.Api.Learners;
using Gamified.Common;
using Gamified.Rewards;
using Gamified.Storage.Leaderboards;

namespace Gamified.Api.Leaderboards;

public enum DepartmentMeasure
{
    XpPerActiveLearner,
    ParticipationRate,
    AverageLearningGain,
    TotalXp,
}

/// <summary>A learner's place as public boards show it: by the name they chose to show, never by id.</summary>
public sealed record LearnerStanding(long Rank, long Score, string Name, string DepartmentId, bool IsMe);

/// <summary>A department's place; departments with too few active learners share one grouped row.</summary>
public sealed record DepartmentStanding(long Rank, string? DepartmentId, LocalizedText Names, double Value, long TotalXp,
    int ActiveLearners, int Members, double? AverageLearningGain, bool Grouped);

public sealed record MyStanding(LearnerStanding Me, IReadOnlyList<LearnerStanding> Above, IReadOnlyList<LearnerStanding> Below);

public sealed class LeaderboardService(ILeaderboardStore store, LearnerService learners, DepartmentService departments,
    DepartmentFigures figures, RewardSettings settings, LeaderboardOptions options, TimeProvider clock)
{
    public static readonly LocalizedText Others = new("其他部门（活跃人数不足）", "Other departments (too few active learners)");

    private string Window(BoardWindow window) => BoardNames.Key(window, clock.GetUtcNow(), settings.Zone);

    public static string Board(string window, string? departmentId) =>
        departmentId is null ? BoardNames.Learners(window) : BoardNames.DepartmentLearners(departmentId, window);

    public async Task<(IReadOnlyList<LearnerStanding> Places, long Total)> Learners(BoardWindow window, string? departmentId, long offset, int count, string? me)
    {
        var board = Board(Window(window), departmentId);
        // The page and the count together, not one after the other.
        var (placesTask, totalTask) = (store.Range(board, offset, count), store.Count(board));
        await Task.WhenAll(placesTask, totalTask);
        return (await Task.WhenAll(placesTask.Result.Select(p => Standing(p, me))), totalTask.Result);
    }

    public async Task<MyStanding?> Mine(string learnerId, BoardWindow window, int around, bool departmentOnly)
    {
        var learner = await learners.Find(learnerId) ?? throw DomainException.NotFound("Learner", learnerId);
        var board = Board(Window(window), departmentOnly ? learner.Profile.DepartmentId : null);
        if (await store.Find(board, learnerId) is not { } place) return null;
        var aboveTask = store.Range(board, Math.Max(0, place.Rank - 1 - around), (int)Math.Min(around, place.Rank - 1));
        var belowTask = store.Range(board, place.Rank, around);
        await Task.WhenAll(aboveTask, belowTask);
        var (above, below) = (aboveTask.Result, belowTask.Result);
        var standings = await Task.WhenAll(above.Append(place).Concat(below).Select(p => Standing(p, learnerId)));
        return new MyStanding(standings[above.Count], standings[..above.Count], standings[(above.Count + 1)..]);
    }

    /// <summary>Departments ranked by the measure; those under the active-learner threshold are grouped into one row.</summary>
    public async Task<IReadOnlyList<DepartmentStanding>> Departments(BoardWindow window, DepartmentMeasure measure)
    {
        var key = Window(window);
        var totals = (await store.Range(BoardNames.DepartmentTotals(key), 0, 10_000)).ToDictionary(p => p.Member, p => p.Score);
        var members = await figures.Members();
        var gains = await figures.Gains(BoardNames.Start(window, clock.GetUtcNow(), settings.Zone));
        var all = await departments.List();
        var rows = new List<(string? Id, LocalizedText Names, long Xp, int Active, int Members, double GainSum, int GainCount)>();
        var grouped = (Id: (string?)null, Names: Others, Xp: 0L, Active: 0, Members: 0, GainSum: 0.0, GainCount: 0);
        foreach (var department in all)
        {
            var active = (int)await store.Count(BoardNames.DepartmentLearners(department.Id, key));
            var gain = gains.GetValueOrDefault(department.Id);
            var row = (Id: (string?)department.Id, department.Names, Xp: totals.GetValueOrDefault(department.Id), Active: active,
                Members: members.GetValueOrDefault(department.Id), GainSum: (gain?.AverageGain ?? 0) * (gain?.Learners ?? 0), GainCount: gain?.Learners ?? 0);
            if (active >= options.MinActiveLearners) rows.Add(row);
            else grouped = (null, Others, grouped.Xp + row.Xp, grouped.Active + row.Active, grouped.Members + row.Members,
                grouped.GainSum + row.GainSum, grouped.GainCount + row.GainCount);
        }
        if (grouped.Members > 0) rows.Add(grouped);

        double Value((string? Id, LocalizedText Names, long Xp, int Active, int Members, double GainSum, int GainCount) r) => measure switch
        {
            DepartmentMeasure.TotalXp => r.Xp,
            DepartmentMeasure.ParticipationRate => r.Members == 0 ? 0 : (double)r.Active / r.Members,
            DepartmentMeasure.AverageLearningGain => r.GainCount == 0 ? 0 : r.GainSum / r.GainCount,
            _ => r.Active == 0 ? 0 : (double)r.Xp / r.Active,
        };
        return rows.OrderByDescending(Value).ThenBy(r => r.Id is null).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select((r, i) => new DepartmentStanding(i + 1, r.Id, r.Names, Math.Round(Value(r), 4), r.Xp, r.Active, r.Members,
                r.GainCount == 0 ? null : Math.Round(r.GainSum / r.GainCount, 4), r.Id is null))
            .ToList();
    }

    private async Task<LearnerStanding> Standing(BoardPlace place, string? me)
    {
        var learner = await learners.Find(place.Member);
        var hidden = learner is null || learner.Profile.Visibility == Gamified.Learners.PublicVisibility.Hidden;
        return new LearnerStanding(place.Rank, place.Score, learner?.PublicName() ?? LearnerPublicName.Hidden,
            hidden ? "" : learner!.Profile.DepartmentId, place.Member == me);
    }
}
