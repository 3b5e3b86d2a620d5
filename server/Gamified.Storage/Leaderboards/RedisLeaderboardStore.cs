using Gamified.Leaderboards;
using StackExchange.Redis;

namespace Gamified.Storage.Leaderboards;

/// <summary>
/// Boards as Redis sorted sets. Adding to a score rewrites the member's composite (score and the time it
/// was reached) in one Lua script, so concurrent adds from several nodes never lose an update.
/// </summary>
public sealed class RedisLeaderboardStore(IConnectionMultiplexer redis, string keyPrefix = "gamified:board:") : ILeaderboardStore
{
    // Every board key is also kept in the index set, so the boards can be cleared in one script, atomically with the
    // cursor, whatever else is writing (a scan-and-delete would race with a projector applying a batch).
    private static readonly LuaScript AddScript = LuaScript.Prepare("""
        local current = redis.call('ZSCORE', @key, @member)
        local score = 0
        if current then score = math.floor(tonumber(current) / tonumber(@slots)) end
        score = score + tonumber(@delta)
        redis.call('ZADD', @key, score * tonumber(@slots) + (tonumber(@slots) - 1 - tonumber(@minutes)), @member)
        redis.call('SADD', @index, @key)
        return score
        """);

    private static readonly LuaScript SetScript = LuaScript.Prepare("""
        redis.call('ZADD', @key, @composite, @member)
        redis.call('SADD', @index, @key)
        return 1
        """);

    // KEYS[1] = cursor, KEYS[2] = the day's set of copied boards, KEYS[3] = the index of board keys; ARGV = expected, next,
    // slots, copy lifetime (s), then (board key, its start-of-day copy key, member, delta, minutes, the board's lifetime in
    // seconds or 0 to keep it) per add; a board's lifetime starts again at each batch that changes it.
    private const string ApplyScript = """
        if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
        local slots = tonumber(ARGV[3])
        local seen = {}
        for i = 5, #ARGV, 6 do
          local board, copy = ARGV[i], ARGV[i + 1]
          local first = not seen[board]
          if first then
            seen[board] = true
            redis.call('SADD', KEYS[3], board)
            if redis.call('SADD', KEYS[2], copy) == 1 then
              redis.call('EXPIRE', KEYS[2], ARGV[4])
              if redis.call('COPY', board, copy, 'REPLACE') == 1 then redis.call('EXPIRE', copy, ARGV[4]) end
            end
          end
          local old = redis.call('ZSCORE', board, ARGV[i + 2])
          local score = 0
          if old then score = math.floor(tonumber(old) / slots) end
          score = score + tonumber(ARGV[i + 3])
          redis.call('ZADD', board, score * slots + (slots - 1 - tonumber(ARGV[i + 4])), ARGV[i + 2])
          if first and ARGV[i + 5] ~= '0' then redis.call('EXPIRE', board, ARGV[i + 5]) end
        end
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
        """;

    // KEYS[1] = index, KEYS[2] = cursor, KEYS[3] = the day's set of copied boards; ARGV = the day's copy-key prefix,
    // length of the boards' key prefix, copy lifetime (s), '1' to clear only when there is no cursor.
    // Boards not yet copied today are copied first, so "change since this morning" survives a rebuild.
    private const string ClearScript = """
        if ARGV[4] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
        local boards = redis.call('SMEMBERS', KEYS[1])
        for _, board in ipairs(boards) do
          local copy = ARGV[1] .. string.sub(board, tonumber(ARGV[2]) + 1)
          if redis.call('SADD', KEYS[3], copy) == 1 then
            redis.call('EXPIRE', KEYS[3], ARGV[3])
            if redis.call('COPY', board, copy, 'REPLACE') == 1 then redis.call('EXPIRE', copy, ARGV[3]) end
          end
          redis.call('DEL', board)
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        return #boards
        """;

    /// <summary>Start-of-day copies live two days: long enough for "since this morning", gone without a sweeper.</summary>
    private static readonly TimeSpan CopyLifetime = TimeSpan.FromDays(2);

    // Outside the boards' prefix, so a rebuild (which clears the boards) keeps this morning's standings.
    private string DayPrefix => keyPrefix.TrimEnd(':') + "-day:";

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Key(string board) => keyPrefix + board;

    private RedisKey Index => keyPrefix + "index";

    private RedisKey CursorKey => keyPrefix + "checkpoint";

    public async Task Add(string board, string member, long delta, DateTimeOffset at)
    {
        await Db.ScriptEvaluateAsync(AddScript, new
        {
            key = Key(board), member = (RedisValue)member, delta = (RedisValue)delta,
            slots = (RedisValue)BoardScore.TimeSlots, minutes = (RedisValue)BoardScore.MinutesOf(at), index = Index,
        });
    }

    public Task Set(string board, string member, long score, DateTimeOffset reachedAt) =>
        Db.ScriptEvaluateAsync(SetScript, new { key = Key(board), member = (RedisValue)member, composite = (RedisValue)BoardScore.Compose(score, reachedAt), index = Index });

    public async Task<IReadOnlyList<BoardPlace>> Range(string board, long offset, int count)
    {
        if (count <= 0) return [];
        var entries = await Db.SortedSetRangeByRankWithScoresAsync(Key(board), offset, offset + count - 1, Order.Descending);
        return entries.Select((e, i) => new BoardPlace(e.Element!, BoardScore.ScoreOf(e.Score), offset + i + 1)).ToList();
    }

    public async Task<BoardPlace?> Find(string board, string member)
    {
        // Both in one round trip (pipelined), not one after the other.
        var rankTask = Db.SortedSetRankAsync(Key(board), member, Order.Descending);
        var scoreTask = Db.SortedSetScoreAsync(Key(board), member);
        await Task.WhenAll(rankTask, scoreTask);
        var (rank, score) = (rankTask.Result, scoreTask.Result);
        return rank is { } r && score is { } s ? new BoardPlace(member, BoardScore.ScoreOf(s), r + 1) : null;
    }

    public Task<long> Count(string board) => Db.SortedSetLengthAsync(Key(board));

    public Task Clear(string board) => Db.KeyDeleteAsync(Key(board));   // the index may name it still; clearing all deletes it again

    public async Task<bool> Apply(string expected, string next, IReadOnlyList<BoardAdd> adds, string day)
    {
        var args = new List<RedisValue> { expected, next, BoardScore.TimeSlots, (long)CopyLifetime.TotalSeconds };
        foreach (var add in adds)
        {
            args.Add((string)Key(add.Board)!);
            args.Add(DayCopy(day, add.Board));
            args.Add(add.Member);
            args.Add(add.Delta);
            args.Add(BoardScore.MinutesOf(add.At));
            // A board of a calendar window expires a while after its last change (BoardNames.Lifetime); 0 keeps it.
            args.Add(BoardNames.Lifetime(add.Board) is { } lifetime ? (long)lifetime.TotalSeconds : 0);
        }
        var applied = await Db.ScriptEvaluateAsync(ApplyScript, [CursorKey, DayPrefix + day, Index], [.. args]);
        return (long)applied == 1;
    }

    public async Task<IReadOnlyList<long?>> RanksAtDayStart(string board, string day, IReadOnlyList<string> members)
    {
        var copied = await Db.SetContainsAsync(DayPrefix + day, DayCopy(day, board));
        RedisKey source = copied ? DayCopy(day, board) : Key(board);
        var ranks = await Task.WhenAll(members.Select(m => Db.SortedSetRankAsync(source, m, Order.Descending)));
        return ranks.Select(r => r + 1).ToList();
    }

    private string DayCopy(string day, string board) => DayPrefix + day + ":" + board;

    public async Task ClearAll(string day)
    {
        // Keys written before boards were indexed would escape the script: delete any such first (the script that
        // follows clears everything again, atomically, whatever was applied meanwhile).
        foreach (var endpoint in redis.GetEndPoints())
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: keyPrefix + "*"))
                if (key != Index && key != CursorKey && !await Db.SetContainsAsync(Index, (string)key!)) await Db.KeyDeleteAsync(key);
        await Clear(day, onlyWithoutCursor: false);
    }

    public async Task<bool> ClearIfUnprojected(string day) => await Clear(day, onlyWithoutCursor: true) > 0;

    private async Task<long> Clear(string day, bool onlyWithoutCursor) =>
        (long)await Db.ScriptEvaluateAsync(ClearScript, [Index, CursorKey, DayPrefix + day],
            [DayPrefix + day + ":", keyPrefix.Length, (long)CopyLifetime.TotalSeconds, onlyWithoutCursor ? "1" : "0"]);

    public async Task<string> Cursor() => (string?)await Db.StringGetAsync(CursorKey) ?? "0";
}
