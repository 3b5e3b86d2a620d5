using Gamified.Leaderboards;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using Gamified.Api.Common;
using Gamified.Api.Leaderboards;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Live;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Live;

public sealed class BadgeAwardedEventType : ObjectGraphType<BadgeAwardedEvent>
{
    public BadgeAwardedEventType()
    {
        Name = "BadgeAwardedEvent";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.BadgeId);
        Field(x => x.Reason);
        Field(x => x.At);
    }
}

public sealed class LevelUpEventType : ObjectGraphType<LevelUpEvent>
{
    public LevelUpEventType()
    {
        Name = "LevelUpEvent";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Level);
        Field<NonNullGraphType<LocalizedTextType>>("name").Resolve(c => c.Source.Name);
        Field(x => x.At);
    }
}

public sealed class AwardRevokedEventType : ObjectGraphType<AwardRevokedEvent>
{
    public AwardRevokedEventType()
    {
        Name = "AwardRevokedEvent";
        Description = "An award taken back by a manager or admin, with the reason the learner is given.";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IntGraphType>>("seq").Description("The revocation's own ledger entry.").Resolve(c => (int)c.Source.Seq);
        Field<NonNullGraphType<IntGraphType>>("revokedSeq").Description("The ledger entry taken back.").Resolve(c => (int)c.Source.RevokedSeq);
        Field(x => x.Amount).Description("XP taken off (0 for a badge).");
        Field(x => x.BadgeId, nullable: true).Description("The badge taken back, if it was a badge.");
        Field(x => x.Reason);
        Field(x => x.At);
    }
}

/// <summary>A board after a change: its first ten places.</summary>
public sealed record BoardChange(long Version, IReadOnlyList<AnyPlace> Places);

public sealed class BoardChangeType : ObjectGraphType<BoardChange>
{
    public BoardChangeType()
    {
        Name = "LeaderboardChange";
        Field<NonNullGraphType<IntGraphType>>("version").Description("Increases with every change of the boards.").Resolve(c => (int)Math.Min(int.MaxValue, c.Source.Version));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerStandingType>>>>("top")
            .Description("The top ten after the change, when the board is a learner board (empty for teams and departments).")
            .Resolve(c => c.Source.Places.Select(p => p.Entry).OfType<LearnerStanding>().ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AnyPlaceType>>>>("places").Description("The first ten places of the board after the change.")
            .Resolve(c => c.Source.Places);
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public static readonly TimeSpan Coalescing = TimeSpan.FromMilliseconds(500);

    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<BoardChangeType>>("leaderboardChanged")
            .Description("A board of a window after it changes, at most one message every 500 ms.")
            .Authorize()
            .Argument<BoardInputType>("board", "Default: learners of the whole organisation (or of departmentId).")
            .WindowArguments()
            .Argument<IdGraphType>("departmentId", "Shorthand for board: { kind: DEPARTMENT_LEARNERS, departmentId }.")
            .ResolveStreamAsync(async c =>
            {
                var (window, campaign) = c.WindowRequested();
                await c.Window();   // refuses a bad window now rather than with the first change
                var department = c.GetArgument<string?>("departmentId");
                if (department is not null) Validate.Id(department, "departmentId");
                if (department is not null && c.HasArgument("board"))
                    throw DomainException.BadInput("departmentId", "Give the department inside board, or departmentId alone, not both.");
                var board = department is null ? c.Spec() : new BoardSpec(BoardKind.DepartmentLearners, department, default);
                var boards = c.Service<LeaderboardService>();
                var me = c.Caller().Subject;
                var logger = c.Service<ILogger<SubscriptionType>>();
                // One read at a time and only the newest (Switch), so a slow read never overtakes a newer one; a read that
                // fails (Redis away for a moment) skips that change instead of ending the subscription.
                return c.Service<LiveEvents>().Boards.Sample(Coalescing)
                    .Select(e => Observable.FromAsync(async cancel =>
                    {
                        try
                        {
                            return new BoardChange(e.Version, (await boards.Read(board, await boards.Resolve(window, campaign), 0, 10, me, cancel)).Places);
                        }
                        catch (Exception problem) when (problem is not OperationCanceledException)
                        {
                            logger.LogWarning(problem, "A board change could not be read for a subscriber");
                            return null;
                        }
                    }))
                    .Switch()
                    .Where(change => change is not null)
                    .Select(change => change!);
            });
        Field<NonNullGraphType<BadgeAwardedEventType>>("badgeAwarded")
            .Description("Badges a learner earns (the learner themselves, managers of their department, admins).")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveStreamAsync(async c =>
            {
                var learnerId = await RequireCanWatch(c);
                return c.Service<LiveEvents>().Badges.Where(e => e.LearnerId == learnerId);
            });
        Field<NonNullGraphType<LevelUpEventType>>("levelUp")
            .Description("Levels a learner reaches (the learner themselves, managers of their department, admins).")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveStreamAsync(async c =>
            {
                var learnerId = await RequireCanWatch(c);
                return c.Service<LiveEvents>().Levels.Where(e => e.LearnerId == learnerId);
            });
        Field<NonNullGraphType<AwardRevokedEventType>>("awardRevoked")
            .Description("XP awards and badges taken back from a learner, with why (the learner themselves, managers of their department, admins).")
            .Authorize()
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveStreamAsync(async c =>
            {
                var learnerId = await RequireCanWatch(c);
                return c.Service<LiveEvents>().Revocations.Where(e => e.LearnerId == learnerId);
            });
        AddNotificationReceived();
    }

    /// <summary>The caller's own notifications as they arrive (from whichever node stored them, when Redis is configured).</summary>
    private void AddNotificationReceived() =>
        Field<NonNullGraphType<Notifications.NotificationType>>("notificationReceived")
            .Description("Your notifications as they are put in your inbox (yours only).")
            .Authorize()
            .ResolveStream(c =>
            {
                var me = Notifications.NotificationService.Owner(c.Caller());
                return c.Service<LiveEvents>().Notifications.Where(e => e.RecipientId == me)
                    .Select(e => new Gamified.Notifications.InboxEntry(e.Id, e.RecipientId, "", e.Kind, e.Title, e.Body, e.Link, e.At, null));
            });

    private static async Task<string> RequireCanWatch(IResolveFieldContext c)
    {
        var learnerId = c.GetArgument<string>("learnerId");
        var learner = await c.Service<Learners.LearnerService>().Find(learnerId) ?? throw DomainException.NotFound("Learner", learnerId);
        c.Caller().RequireCanSee(learner);
        return learnerId;
    }
}
