namespace Gamified.Leaderboards;

/// <summary>One change of a member's score on a board.</summary>
public sealed record BoardAdd(string Board, string Member, long Delta, DateTimeOffset At);

/// <summary>A member's place on a board: 1-based rank and score.</summary>
public sealed record BoardPlace(string Member, long Score, long Rank);

/// <summary>
/// Sorted boards of scores (a projection of the ledger, never the truth). Higher scores rank first; of equal
/// scores, the member who reached theirs first ranks higher (to the minute; then by member id, descending),
/// so the order is total and stable across pages.
/// </summary>
public interface ILeaderboardStore
{
    /// <summary>Adds <paramref name="delta"/> to the member's score, reached at <paramref name="at"/>.</summary>
    Task Add(string board, string member, long delta, DateTimeOffset at);

    /// <summary>Sets the member's score outright (rebuilds from the ledger).</summary>
    Task Set(string board, string member, long score, DateTimeOffset reachedAt);

    Task<IReadOnlyList<BoardPlace>> Range(string board, long offset, int count);

    Task<BoardPlace?> Find(string board, string member);

    Task<long> Count(string board);


    Task Clear(string board);

    /// <summary>The serialized <see cref="BoardCursor"/> kept with the boards themselves ("0": nothing projected), so
    /// boards lost (Redis flushed, a restart of the in-process store) are rebuilt from the start.</summary>
    Task<string> Cursor();

    /// <summary>
    /// Removes every board and the cursor in one step. Boards not yet copied on <paramref name="day"/> are copied first, and
    /// the copies stay: they still say where people stood this morning.
    /// </summary>
    Task ClearAll(string day);

    /// <summary>Like <see cref="ClearAll"/>, but only when there is no cursor (boards without one cannot be trusted: Redis lost
    /// it, or was flushed); checked and cleared in one step, so a projector that has just applied a batch is never undone.
    /// Returns whether it removed any board.</summary>
    Task<bool> ClearIfUnprojected(string day);

    /// <summary>
    /// Applies a batch of adds and moves the cursor, all or nothing, and only if the cursor is still
    /// <paramref name="expected"/>: a batch is never applied twice, even when the store fails half-way.
    /// Before a board's first change on <paramref name="day"/> (a date in the rewards calendar), the board is copied
    /// as it stood, which is what <see cref="RanksAtDayStart"/> reads.
    /// </summary>
    Task<bool> Apply(string expected, string next, IReadOnlyList<BoardAdd> adds, string day);

    /// <summary>
    /// Each member's rank on the board when <paramref name="day"/> began (null: not on the board then). A board that
    /// has not changed that day answers with its current ranks.
    /// </summary>
    Task<IReadOnlyList<long?>> RanksAtDayStart(string board, string day, IReadOnlyList<string> members);
}

/// <summary>
/// How a (score, time reached) pair becomes one sortable number, exactly representable in a double:
/// score × 2^26 + (2^26 − 1 − minutes since 2024), for scores below 2^27 and times up to the year 2151.
/// </summary>
public static class BoardScore
{
    public const long TimeSlots = 1L << 26;
    public const long MaxScore = (1L << 27) - 1;
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static double Compose(long score, DateTimeOffset reachedAt)
    {
        if (Math.Abs(score) > MaxScore) throw new ArgumentOutOfRangeException(nameof(score), $"Board scores are within ±{MaxScore}.");
        var minutes = Math.Clamp((long)(reachedAt - Epoch).TotalMinutes, 0, TimeSlots - 1);
        return (double)score * TimeSlots + (TimeSlots - 1 - minutes);
    }

    public static long ScoreOf(double composite) => (long)Math.Floor(composite / TimeSlots);

    public static long MinutesOf(DateTimeOffset at) => Math.Clamp((long)(at - Epoch).TotalMinutes, 0, TimeSlots - 1);
}
