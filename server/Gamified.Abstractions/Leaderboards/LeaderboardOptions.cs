namespace Gamified.Leaderboards;

/// <summary>The <c>Leaderboards</c> configuration section.</summary>
public sealed class LeaderboardOptions
{
    public const string Section = "Leaderboards";

    /// <summary>StackExchange.Redis configuration (e.g. <c>127.0.0.1:6379</c>); none: boards in memory (one node).</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of the board keys in Redis, so several deployments (or tests) can share one server.</summary>
    public string RedisKeyPrefix { get; set; } = "gamified:board:";

    /// <summary>A department with fewer active learners is not shown as its own row on department boards.</summary>
    public int MinActiveLearners { get; set; } = 5;

    /// <summary>How long a new ledger entry waits before the boards take it (writers on PostgreSQL commit out of order).</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest a first page of a learner board (the top 100) is shared between readers before it is read again, if the
    /// boards have not moved before; zero: every read goes to the board store.</summary>
    public TimeSpan PageCacheTime { get; set; } = TimeSpan.FromSeconds(1);
}
