using System.Collections.Concurrent;

namespace Gamified.Api.Transport;

/// <summary>The <c>WebSockets</c> configuration section: what one user may hold open over GraphQL sockets.</summary>
public sealed class WebSocketLimitOptions
{
    public const string Section = "WebSockets";

    /// <summary>Subscriptions (and operations in flight) one socket may hold at once; more are refused with an error.</summary>
    public int MaxSubscriptionsPerSocket { get; set; } = 20;

    /// <summary>Sockets one user may hold open at once, on this node; one more is closed with 4429.</summary>
    public int MaxSocketsPerUser { get; set; } = 10;

    /// <summary>How often an open socket checks that its sign-in still lasts (signed out, deactivated, moved, password reset):
    /// one session query per socket per interval, so 10,000 sockets at the default cost ~170 small queries a second.</summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Counts the open sockets of each user, so one user cannot hold an unbounded number of them.</summary>
public sealed class OpenSockets
{
    private readonly ConcurrentDictionary<string, int> _bySubject = new(StringComparer.Ordinal);

    /// <summary>Counts one more socket for <paramref name="subject"/>, unless they already hold <paramref name="limit"/>.</summary>
    public bool TryOpen(string subject, int limit)
    {
        while (true)
        {
            var open = _bySubject.GetValueOrDefault(subject);
            if (open >= limit) return false;
            if (open == 0 ? _bySubject.TryAdd(subject, 1) : _bySubject.TryUpdate(subject, open + 1, open)) return true;
        }
    }

    public void Close(string subject)
    {
        while (_bySubject.TryGetValue(subject, out var open))
        {
            if (open <= 1 ? _bySubject.TryRemove(new KeyValuePair<string, int>(subject, open)) : _bySubject.TryUpdate(subject, open - 1, open)) return;
        }
    }

    public int Count(string subject) => _bySubject.GetValueOrDefault(subject);
}
