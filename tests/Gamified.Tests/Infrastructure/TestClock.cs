namespace Gamified.Tests.Infrastructure;

/// <summary>
/// The server's clock in tests that need time to pass: the real time plus an offset that only moves forward.
/// Only "now" moves; timers and elapsed-time measurements stay real.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(by.Ticks, nameof(by));
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
