using Gamified.Common;
using Gamified.Ledger;
using Gamified.Notifications;
using Gamified.Rewards;

namespace Gamified.Learners;

/// <summary>
/// The notices a learner gets for their own ledger: a badge earned, an award taken back. Keyed by the ledger entry, so a
/// replayed statement (which writes no new entry) or a retried send never notifies twice.
/// </summary>
internal static class LearnerNotices
{
    public const string Link = "/learner";

    public static IEnumerable<NotificationDraft> For(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<SchemeVersion> schemes)
    {
        foreach (var entry in entries.Where(e => e.Kind == LedgerEntryKind.Badge))
        {
            var name = BadgeName(entry.BadgeId!, schemes);
            yield return new NotificationDraft($"badge:{entry.LearnerId}:{entry.Seq}", NotificationKind.BadgeEarned,
                new LocalizedText($"你获得了徽章「{name.ZhCn}」", $"You earned the badge “{name.En}”"),
                new LocalizedText(Reason(entry.Reason, "恭喜！"), Reason(entry.Reason, "Congratulations!")), Link);
        }
    }

    public static NotificationDraft Revoked(LedgerEntry revocation, int amount, string? badgeId, string reason, IReadOnlyList<SchemeVersion> schemes)
    {
        var (zh, en) = badgeId is null
            ? ($"你的 {amount} 点经验值奖励被撤销", $"{amount} XP of your awards were taken back")
            : ($"你的徽章「{BadgeName(badgeId, schemes).ZhCn}」被撤销", $"Your badge “{BadgeName(badgeId, schemes).En}” was taken back");
        return new NotificationDraft($"revoked:{revocation.LearnerId}:{revocation.Seq}", NotificationKind.AwardRevoked,
            new LocalizedText(zh, en), new LocalizedText($"原因：{reason}", $"Reason: {reason}"), Link);
    }

    /// <summary>The badge's name in the schemes in force (a tier's held id is the badge id and tier), else its id.</summary>
    private static LocalizedText BadgeName(string heldId, IReadOnlyList<SchemeVersion> schemes) =>
        schemes.SelectMany(s => s.Definition.Badges)
            .FirstOrDefault(b => b.Id == heldId || heldId.StartsWith(b.Id + ".", StringComparison.Ordinal))?.Names
        ?? new LocalizedText(heldId, heldId);

    private static string Reason(string reason, string otherwise) =>
        string.IsNullOrWhiteSpace(reason) || reason.StartsWith("sha256:", StringComparison.Ordinal) ? otherwise : reason;
}
