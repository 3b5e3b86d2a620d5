using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// Counts in the server's console log (the default formatter: a "warn: Category[id]" line, then the message indented).
/// Orleans 10 logs a grain turn longer than SchedulingOptions.TurnWarningLengthThreshold (Orleans:LongTurnWarning; the
/// benchmark sets 100 ms) as "Task … in WorkGroup … took elapsed time D for execution, which is longer than T", and a
/// request queued behind a long one as "Current request has been active for …"; a stalled thread pool or process shows
/// as ".NET Thread Pool execution stalled" or ".NET Runtime Platform stalled".
/// </summary>
internal sealed partial record ServerLogCounts(long Warnings, long Errors, long OrleansWarnings, long LongTurns, double LongestTurnMs, long Stalls,
    long QueuedBehindLongRequests)
{
    public static ServerLogCounts Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public ServerLogCounts Plus(ServerLogCounts other) => new(Warnings + other.Warnings, Errors + other.Errors,
        OrleansWarnings + other.OrleansWarnings, LongTurns + other.LongTurns, Math.Max(LongestTurnMs, other.LongestTurnMs),
        Stalls + other.Stalls, QueuedBehindLongRequests + other.QueuedBehindLongRequests);

    /// <summary>Reads the log a phase at a time: each call counts the lines written since the previous one.</summary>
    public sealed class Reader(string? path)
    {
        private long _offset;

        public ServerLogCounts Next()
        {
            if (path is null || !File.Exists(path)) return Empty;
            long warnings = 0, errors = 0, orleans = 0, turns = 0, stalls = 0, queued = 0;
            double longest = 0;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Position = _offset;
            using var reader = new StreamReader(stream);
            // Whole lines only: a line the server is still writing is left for the next call.
            var text = reader.ReadToEnd();
            var end = text.LastIndexOf('\n') + 1;
            _offset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, end));
            foreach (var line in text[..end].Split('\n'))
            {
                if (line.StartsWith("warn: ", StringComparison.Ordinal))
                {
                    warnings++;
                    if (line.StartsWith("warn: Orleans", StringComparison.Ordinal)) orleans++;
                }
                else if (line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal)) errors++;
                else if (LongTurn().Match(line) is { Success: true } turn)
                {
                    turns++;
                    if (TimeSpan.TryParse(turn.Groups[1].Value, CultureInfo.InvariantCulture, out var took)) longest = Math.Max(longest, took.TotalMilliseconds);
                }
                else if (line.Contains("execution stalled", StringComparison.Ordinal) || line.Contains("Runtime Platform stalled", StringComparison.Ordinal)) stalls++;
                else if (line.Contains("Current request has been active for", StringComparison.Ordinal)) queued++;
            }
            return new ServerLogCounts(warnings, errors, orleans, turns, longest, stalls, queued);
        }
    }

    public override string ToString() =>
        $"{LongTurns:N0} grain turns over the threshold (longest {LongestTurnMs:N0} ms), {Stalls:N0} stalls, {QueuedBehindLongRequests:N0} requests queued " +
        $"behind a long one; {OrleansWarnings:N0} Orleans warnings, {Warnings:N0} warnings and {Errors:N0} errors in all";

    [GeneratedRegex(@"took elapsed time (\S+) for execution")]
    private static partial Regex LongTurn();
}
