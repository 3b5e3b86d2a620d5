using System.Diagnostics;

namespace Gamified.Tests.Infrastructure;

/// <summary>
/// Counts full server boots, the suite's main cost: with GAMIFIED_TEST_BOOT_LOG set (ops/test.sh sets it), every start of
/// a <see cref="GamifiedServer"/> appends the test class that asked for it, and the script reports the total.
/// </summary>
internal static class BootLog
{
    private static readonly string? Path = Environment.GetEnvironmentVariable("GAMIFIED_TEST_BOOT_LOG");
    private static readonly Lock Gate = new();

    public static void Record()
    {
        if (string.IsNullOrEmpty(Path)) return;
        var caller = new StackTrace().GetFrames()
            .Select(f => f.GetMethod()?.DeclaringType)
            .Select(t => t?.DeclaringType is { } outer && t.Name.StartsWith('<') ? outer : t)   // an async method's state machine
            .FirstOrDefault(t => t?.Namespace?.StartsWith("Gamified.Tests", StringComparison.Ordinal) == true
                                 && t != typeof(BootLog) && t != typeof(GamifiedServer));
        lock (Gate) File.AppendAllText(Path, (caller?.FullName ?? "?") + Environment.NewLine);
    }
}
