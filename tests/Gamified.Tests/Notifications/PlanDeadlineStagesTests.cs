using Gamified.Notifications;

namespace Gamified.Tests.Notifications;

[Trait("Category", "Unit")]
public sealed class PlanDeadlineStagesTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 31, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongBefore = Deadline.AddDays(-30);

    [Fact]
    public void each_stage_falls_due_at_its_moment_and_the_next_one_follows()
    {
        Assert.Null(PlanDeadlineStages.Due(Deadline, LongBefore, Deadline.AddDays(-8)));
        Assert.Equal(PlanDeadlineStage.SevenDays, PlanDeadlineStages.Next(Deadline, Deadline.AddDays(-8)));
        Assert.Equal(PlanDeadlineStage.SevenDays, PlanDeadlineStages.Due(Deadline, LongBefore, Deadline.AddDays(-7)));
        Assert.Equal(PlanDeadlineStage.OneDay, PlanDeadlineStages.Next(Deadline, Deadline.AddDays(-7)));
        Assert.Equal(PlanDeadlineStage.Overdue, PlanDeadlineStages.Due(Deadline, LongBefore, Deadline));
        Assert.Null(PlanDeadlineStages.Next(Deadline, Deadline));
    }

    [Fact]
    public void a_server_down_over_two_stages_sends_only_the_latest()
    {
        Assert.Equal(PlanDeadlineStage.OneDay, PlanDeadlineStages.Due(Deadline, LongBefore, Deadline.AddHours(-2)));
    }

    [Fact]
    public void a_plan_scheduled_after_a_stage_skips_it()
    {
        Assert.Null(PlanDeadlineStages.Due(Deadline, Deadline.AddDays(-3), Deadline.AddDays(-2)));
        Assert.Equal(PlanDeadlineStage.OneDay, PlanDeadlineStages.Due(Deadline, Deadline.AddDays(-3), Deadline.AddDays(-1)));
    }

    [Fact]
    public void a_moved_deadline_makes_new_keys()
    {
        Assert.NotEqual(PlanDeadlineStages.Key("p1", Deadline, PlanDeadlineStage.SevenDays),
            PlanDeadlineStages.Key("p1", Deadline.AddDays(3), PlanDeadlineStage.SevenDays));
        Assert.Equal("plan:p1:deadline:2026-12-31T09:00:00.0000000Z:1d", PlanDeadlineStages.Key("p1", Deadline, PlanDeadlineStage.OneDay));
    }
}
