using System.Numerics;

/// <summary>
/// An HDR-style latency histogram in microseconds: exact below 2,048 µs, and above that 1,024 buckets per
/// power of two, so any value is recorded within 0.1 % of itself. Not thread-safe: give each client its own
/// and <see cref="Add"/> them at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 2048;
    private const int Half = SubBuckets / 2;
    private const int MaxShift = 40;   // ~ 2^51 µs: far beyond any run
    private readonly long[] _counts = new long[SubBuckets + MaxShift * Half];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public void Record(TimeSpan elapsed) => RecordMicros(elapsed.Ticks / TimeSpan.TicksPerMicrosecond);

    public void RecordMicros(long micros)
    {
        if (micros < 0) micros = 0;
        _counts[IndexOf(micros)]++;
        Count++;
        if (micros > MaxMicros) MaxMicros = micros;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The smallest recorded value v such that at least <paramref name="percentile"/> % of values are ≤ v (upper edge of its bucket).</summary>
    public double PercentileMillis(double percentile)
    {
        if (Count == 0) return double.NaN;
        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(UpperEdge(i), MaxMicros) / 1000.0;
        }
        return MaxMicros / 1000.0;
    }

    private static int IndexOf(long micros)
    {
        if (micros < SubBuckets) return (int)micros;
        var shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)micros) - 10, MaxShift);
        var sub = Math.Min(micros >> shift, SubBuckets - 1);
        return SubBuckets + (shift - 1) * Half + (int)(sub - Half);
    }

    /// <summary>The largest value that falls into bucket <paramref name="index"/>.</summary>
    private static long UpperEdge(int index)
    {
        if (index < SubBuckets) return index;
        var shift = (index - SubBuckets) / Half + 1;
        var sub = (index - SubBuckets) % Half + Half;
        return ((sub + 1) << shift) - 1;
    }
}
