using System.Globalization;
using Gamified.Common;
using Gamified.Notifications;

namespace Gamified.Plans;

/// <summary>
/// The texts and keys of a plan's notifications. A key names one event: the plan's revision for changes, the place's
/// number for a freed place, so a retried send adds nothing and the next change notifies again. Times are written in the
/// organisation's calendar zone (<c>Rewards:TimeZone</c>), as people read them on the wall.
/// </summary>
public static class PlanNotices
{
    public static NotificationDraft Assigned(string planId, LocalizedText titles, DateTimeOffset deadline, TimeZoneInfo zone) => new(
        $"plan:{planId}:assigned", NotificationKind.PlanAssigned,
        new($"新的培训计划：{titles.ZhCn}", $"New training plan: {titles.En}"),
        new($"请在 {Day(deadline, zone)} 前完成。", $"Complete it by {Day(deadline, zone)}."), Link(planId));

    public static NotificationDraft Changed(string planId, LocalizedText titles, int revision, DateTimeOffset deadline, TimeZoneInfo zone) => new(
        $"plan:{planId}:changed:{revision}", NotificationKind.PlanChanged,
        new($"培训计划有变更：{titles.ZhCn}", $"Training plan changed: {titles.En}"),
        new($"请查看最新安排，截止日期 {Day(deadline, zone)}。", $"See what changed; the deadline is {Day(deadline, zone)}."), Link(planId));

    public static NotificationDraft Ended(string planId, LocalizedText titles, PlanStatus status, int revision, string? reason) => new(
        $"plan:{planId}:changed:{revision}", NotificationKind.PlanChanged,
        status == PlanStatus.Cancelled
            ? new($"培训计划已取消：{titles.ZhCn}", $"Training plan cancelled: {titles.En}")
            : new($"培训计划已归档：{titles.ZhCn}", $"Training plan archived: {titles.En}"),
        new(reason ?? "", reason ?? ""), Link(planId));

    public static NotificationDraft SessionMoved(string planId, SessionSpec session, int revision, TimeZoneInfo zone) => new(
        $"plan:{planId}:session:{session.Id}:moved:{revision}", NotificationKind.SessionChanged,
        new($"活动时间地点变更：{session.Titles.ZhCn}", $"Session moved: {session.Titles.En}"),
        new($"新时间 {Time(session.StartsAt, zone)}，地点 {session.Location}。", $"Now {Time(session.StartsAt, zone)} at {session.Location}."), Link(planId));

    public static NotificationDraft SessionCancelled(string planId, SessionSpec session, string? reason) => new(
        $"plan:{planId}:session:{session.Id}:cancelled", NotificationKind.SessionCancelled,
        new($"活动已取消：{session.Titles.ZhCn}", $"Session cancelled: {session.Titles.En}"),
        new(reason ?? "", reason ?? ""), Link(planId));

    public static NotificationDraft PlaceFreed(string planId, SessionSpec session, int place, TimeZoneInfo zone) => new(
        $"plan:{planId}:session:{session.Id}:place:{place}", NotificationKind.WaitlistPlaceFreed,
        new($"候补成功：{session.Titles.ZhCn}", $"You have a place: {session.Titles.En}"),
        new($"{Time(session.StartsAt, zone)}，{session.Location}。", $"{Time(session.StartsAt, zone)} at {session.Location}."), Link(planId));

    private static string Link(string planId) => $"/plans/{planId}";

    private static string Day(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
