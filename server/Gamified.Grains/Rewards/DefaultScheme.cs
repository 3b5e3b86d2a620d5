using Gamified.Common;

namespace Gamified.Rewards;

/// <summary>
/// The scheme a fresh server starts with: points for what learners do (lessons, tests, workshops, ideas),
/// extra points for learning gain on a package's post-test, ten levels, and caps against gaming.
/// </summary>
public static class DefaultScheme
{
    public const string Id = "default";

    public static SchemeDefinition Definition { get; } = new(
        new LocalizedText("默认激励方案", "Default reward scheme"),
        [],
        [
            Rule("answered", "answered", 1),
            Rule("failed", "failed", 2),
            Rule("rated", "rated", 2),
            Rule("submitted-idea", "submitted-idea", 5),
            Rule("voted-idea", "voted-idea", 1),
            Rule("won-idea", "won-idea", 30),
            Rule("completed", "completed", 10),
            Rule("attended", "attended", 15),
            Rule("passed", "passed", 20),
            // The improvement itself earns: 50 points for going from the pre-test score all the way to 100.
            new PointRule("learning-gain", "passed", "quiz", null, null, null, null, null, null, [], 0, null, 50),
        ],
        [
            new(0, new LocalizedText("见习学员", "Trainee")),
            new(100, new LocalizedText("数字新人", "Digital newcomer")),
            new(250, new LocalizedText("业务能手", "Capable practitioner")),
            new(500, new LocalizedText("数据骨干", "Data mainstay")),
            new(900, new LocalizedText("服务标兵", "Service exemplar")),
            new(1400, new LocalizedText("创新先锋", "Innovation pioneer")),
            new(2000, new LocalizedText("协同专家", "Collaboration expert")),
            new(2800, new LocalizedText("智慧政务达人", "Smart-government adept")),
            new(3800, new LocalizedText("数字治理导师", "Digital-governance mentor")),
            new(5000, new LocalizedText("智慧政务领航者", "Smart-government pathfinder")),
        ],
        new SchemeCaps(DailyXp: 2000, DailyXpPerRule: 1000, MinLessonSeconds: null, StatementsPerMinute: 600),
        [],
        [
            new BadgeDefinition("streak", new LocalizedText("坚持学习", "Steady learner"),
                new LocalizedText("连续多天参加学习活动。", "Learned on several days in a row."), null, BadgeCriterion.Streak,
                [new BadgeTier("bronze", 3), new BadgeTier("silver", 7), new BadgeTier("gold", 30)], null, null, null),
            new BadgeDefinition("perfect-score", new LocalizedText("满分答卷", "Perfect score"),
                new LocalizedText("在一次测验中得到满分。", "Scored 100 in a test."), null, BadgeCriterion.PerfectScore,
                [new BadgeTier("", 100)], null, null, null),
            new BadgeDefinition("big-gain", new LocalizedText("学有所获", "Real progress"),
                new LocalizedText("一个课程包的学习收益达到 0.5 以上。", "A learning gain of 0.5 or more on a package."), null,
                BadgeCriterion.LearningGain, [new BadgeTier("", 0.5)], null, null, null),
        ]);

    private static PointRule Rule(string id, string verb, int points) =>
        new(id, verb, null, null, null, null, null, null, null, [], points, null, null);
}
