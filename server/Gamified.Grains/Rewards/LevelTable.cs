using Gamified.Common;
using Gamified.Ledger;

namespace Gamified.Rewards;

/// <summary>
/// XP thresholds and names of the levels. This is the built-in table; reward schemes will bring their own.
/// </summary>
public sealed class LevelTable
{
    private readonly (long MinXp, LocalizedText Name)[] _levels;

    public LevelTable(IEnumerable<(long MinXp, LocalizedText Name)> levels)
    {
        _levels = levels.OrderBy(l => l.MinXp).ToArray();
        if (_levels.Length == 0 || _levels[0].MinXp != 0)
            throw new ArgumentException("The first level must start at 0 XP.", nameof(levels));
    }

    public static LevelTable Default { get; } = new([
        (0, new LocalizedText("见习学员", "Trainee")),
        (100, new LocalizedText("数字新人", "Digital newcomer")),
        (250, new LocalizedText("业务能手", "Capable practitioner")),
        (500, new LocalizedText("数据骨干", "Data mainstay")),
        (900, new LocalizedText("服务标兵", "Service exemplar")),
        (1400, new LocalizedText("创新先锋", "Innovation pioneer")),
        (2000, new LocalizedText("协同专家", "Collaboration expert")),
        (2800, new LocalizedText("智慧政务达人", "Smart-government adept")),
        (3800, new LocalizedText("数字治理导师", "Digital-governance mentor")),
        (5000, new LocalizedText("智慧政务领航者", "Smart-government pathfinder")),
    ]);

    public int Count => _levels.Length;

    public Common.LocalizedText Name(int number) => _levels[Math.Clamp(number, 1, _levels.Length) - 1].Name;

    public LevelInfo For(long xp)
    {
        var index = 0;
        while (index + 1 < _levels.Length && xp >= _levels[index + 1].MinXp) index++;
        long? next = index + 1 < _levels.Length ? _levels[index + 1].MinXp : null;
        return new LevelInfo(index + 1, _levels[index].Name, _levels[index].MinXp, next);
    }
}
