using Gamified.Common;
using Gamified.Plans;

namespace Gamified.Tests.Plans;

/// <summary>The one completion rule that progress, overdue lists and deadline reminders share.</summary>
[Trait("Category", "Unit")]
public sealed class PlanCompletionRuleTests
{
    private static SessionInfo Session(string id, bool required, bool cancelled = false) => new(
        new SessionSpec(id, SessionKind.Workshop, new LocalizedText("演练", "Drill"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1),
            "会议室", 10, null, null, Required: required), 0, 0, CancelledAt: cancelled ? DateTimeOffset.UnixEpoch : null);

    private static TrainingPlanInfo Plan(params SessionInfo[] sessions) => new("p", new LocalizedText("计划", "Plan"), [], ["d"], ["pkg-a", "pkg-b"],
        DateTimeOffset.UnixEpoch.AddDays(30), true, sessions, "manager", DateTimeOffset.UnixEpoch);

    [Fact]
    public void a_plan_is_complete_with_every_package_and_every_required_session_that_still_takes_place()
    {
        var plan = Plan(Session("required", required: true), Session("optional", required: false), Session("called-off", required: true, cancelled: true));
        Assert.Equal(["required"], plan.RequiredSessionIds);
        Assert.True(plan.IsCompletedBy(["pkg-a", "pkg-b"], ["required"]));
        Assert.False(plan.IsCompletedBy(["pkg-a", "pkg-b"], ["optional"]));          // the required session is missing
        Assert.False(plan.IsCompletedBy(["pkg-a"], ["required", "optional"]));      // a package is missing
    }
}
