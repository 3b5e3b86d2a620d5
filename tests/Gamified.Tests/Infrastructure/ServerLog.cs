using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gamified.Tests.Infrastructure;

/// <summary>One line the test server logged: its level, category, message, and the exception's type (if it carried one).</summary>
public sealed record LoggedLine(long Number, LogLevel Level, string Category, string Message, string? Exception);

/// <summary>
/// What a test server logs, kept in memory so a test can check it: warnings and above from everyone, and the server's own
/// debug lines (Gamified.*), which say what it made of something that is not a failure. The newest few thousand only.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private const int Kept = 5_000;
    private readonly ConcurrentQueue<LoggedLine> _lines = new();
    private long _count;

    /// <summary>The number the next line will get: lines from now on are those numbered at least this.</summary>
    public long Mark => Interlocked.Read(ref _count);

    public IReadOnlyList<LoggedLine> Since(long mark) => [.. _lines.Where(l => l.Number >= mark)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message, Exception? exception)
    {
        _lines.Enqueue(new LoggedLine(Interlocked.Increment(ref _count) - 1, level, category, message, exception?.GetType().FullName));
        while (_lines.Count > Kept) _lines.TryDequeue(out _);
    }

    private static bool Wanted(string category, LogLevel level) =>
        level >= LogLevel.Warning || (level >= LogLevel.Debug && category.StartsWith("Gamified.", StringComparison.Ordinal));

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => Wanted(category, logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Add(logLevel, category, formatter(state, exception), exception);
        }
    }
}
