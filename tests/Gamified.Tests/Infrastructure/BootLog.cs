using System.Diagnostics;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// Counts full server boots, the suite's main cost: with GAMIFIED_TEST_BOOT_LOG set (ops/test.sh sets it), every started
/// <see cref="GamifiedServer"/> appends the test class (or fixture) that asked for it and how long the start took, and
/// the script reports the totals.
/// </summary>
internal sealed class BootLog
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("GAMIFIED_TEST_BOOT_LOG");
    private static readonly Lock Gate = new();

    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly string _caller;

    private BootLog(string caller) => _caller = caller;

    public static BootLog Start()
    {
        if (string.IsNullOrEmpty(Path)) return new BootLog("");
        var caller = new StackTrace().GetFrames()
            .Select(f => f.GetMethod()?.DeclaringType)
            .Select(t => t?.DeclaringType is { } outer && t.Name.StartsWith('<') ? outer : t)   // an async method's state machine
            .FirstOrDefault(t => t?.Namespace?.StartsWith("Gamified.Tests", StringComparison.Ordinal) == true
                                 && t != typeof(BootLog) && t != typeof(GamifiedServer));
        return new BootLog(caller?.FullName ?? "?");
    }

    /// <summary>The server is up: one line, "class&lt;TAB&gt;milliseconds".</summary>
    public void Started()
    {
        if (string.IsNullOrEmpty(Path)) return;
        lock (Gate) File.AppendAllText(Path, $"{_caller}\t{_watch.ElapsedMilliseconds}{Environment.NewLine}");
    }
}
