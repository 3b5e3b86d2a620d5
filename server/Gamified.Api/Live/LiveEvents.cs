using System.Reactive.Linq;
using System.Reactive.Subjects;
using Gamified.Live;

namespace Gamified.Api.Live;

/// <summary>The node's event hub: a subject per kind of event; subscriptions filter and shape them.</summary>
public sealed class LiveEvents : ILiveEvents, IDisposable
{
    private readonly Subject<BadgeAwardedEvent> _badges = new();
    private readonly Subject<LevelUpEvent> _levels = new();
    private readonly Subject<BoardsMovedEvent> _boards = new();
    private readonly Subject<AwardRevokedEvent> _revocations = new();
    private readonly Subject<LearnerShownEvent> _shown = new();
    private readonly Subject<NotificationReceivedEvent> _notifications = new();

    public IObservable<BadgeAwardedEvent> Badges => _badges.AsObservable();
    public IObservable<LevelUpEvent> Levels => _levels.AsObservable();
    public IObservable<BoardsMovedEvent> Boards => _boards.AsObservable();
    public IObservable<AwardRevokedEvent> Revocations => _revocations.AsObservable();
    public IObservable<LearnerShownEvent> LearnersShown => _shown.AsObservable();
    public IObservable<NotificationReceivedEvent> Notifications => _notifications.AsObservable();

    public void Publish(BadgeAwardedEvent e) => _badges.OnNext(e);
    public void Publish(LevelUpEvent e) => _levels.OnNext(e);
    public void Publish(BoardsMovedEvent e) => _boards.OnNext(e);
    public void Publish(AwardRevokedEvent e) => _revocations.OnNext(e);
    public void Publish(LearnerShownEvent e) => _shown.OnNext(e);
    public void Publish(NotificationReceivedEvent e) => _notifications.OnNext(e);

    public void Dispose()
    {
        _badges.Dispose();
        _levels.Dispose();
        _boards.Dispose();
        _revocations.Dispose();
        _shown.Dispose();
        _notifications.Dispose();
    }
}
