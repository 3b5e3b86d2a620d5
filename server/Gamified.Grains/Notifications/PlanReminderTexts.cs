using Gamified.Common;
using Gamified.Plans;

namespace Gamified.Notifications;

/// <summary>What a deadline reminder says, in Chinese and English, with the deadline in the organisation's time zone.</summary>
public static class PlanReminderTexts
{
    public const string Link = "/learner/plans";

    public static NotificationDraft Draft(TrainingPlanInfo plan, DateTimeOffset deadline, PlanDeadlineStage stage, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(deadline, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var (title, body) = stage switch
        {
            PlanDeadlineStage.SevenDays => (
                new LocalizedText($"培训计划「{plan.Titles.ZhCn}」还有 7 天截止", $"Training plan “{plan.Titles.En}” is due in 7 days"),
                new LocalizedText($"截止时间：{local}。请在截止前完成计划中的课程。", $"Deadline: {local}. Please complete the plan's packages before then.")),
            PlanDeadlineStage.OneDay => (
                new LocalizedText($"培训计划「{plan.Titles.ZhCn}」明天截止", $"Training plan “{plan.Titles.En}” is due tomorrow"),
                new LocalizedText($"截止时间：{local}。你还有未完成的课程。", $"Deadline: {local}. You still have packages to complete.")),
            _ => (
                new LocalizedText($"培训计划「{plan.Titles.ZhCn}」已逾期", $"Training plan “{plan.Titles.En}” is overdue"),
                new LocalizedText($"截止时间 {local} 已过，你尚未完成该计划。请尽快完成或联系培训管理员。",
                    $"The deadline ({local}) has passed and you have not completed the plan. Please finish it or contact your training office.")),
        };
        return new NotificationDraft(PlanDeadlineStages.Key(plan.Id, deadline, stage),
            stage == PlanDeadlineStage.Overdue ? NotificationKind.PlanOverdue : NotificationKind.PlanDeadlineSoon, title, body, Link);
    }
}
