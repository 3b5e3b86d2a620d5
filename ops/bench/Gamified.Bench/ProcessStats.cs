using System.Globalization;

/// <summary>What Linux says about the machine and the benchmark's processes (/proc): load, memory, CPU seconds.</summary>
internal static class ProcessStats
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Memory() =>
        File.Exists("/proc/meminfo") && File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB RAM"
            : "RAM n/a";

    /// <summary>User + system CPU seconds of a process (with <paramref name="children"/>: and of its live and exited children);
    /// NaN without a process.</summary>
    public static double CpuSeconds(int pid, bool children)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return double.NaN;
        const double ticks = 100.0;   // USER_HZ
        static string[]? Stat(string file)
        {
            try
            {
                var text = File.ReadAllText(file);
                return text[(text.LastIndexOf(')') + 2)..].Split(' ');   // fields from 3 (state) on
            }
            catch (IOException) { return null; }
        }
        double Field(string[] f, int number) => double.Parse(f[number - 3], CultureInfo.InvariantCulture);
        var own = Stat($"/proc/{pid}/stat")!;
        var total = Field(own, 14) + Field(own, 15);
        if (children)
        {
            total += Field(own, 16) + Field(own, 17);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(directory), out _) && Stat(Path.Combine(directory, "stat")) is { } f && f[1] == pid.ToString(CultureInfo.InvariantCulture))
                    total += Field(f, 14) + Field(f, 15);
        }
        return total / ticks;
    }

    /// <summary>Peak (VmHWM) and current (VmRSS) resident memory of a process, in MiB; NaN without a process.</summary>
    public static (double PeakMiB, double ResidentMiB) MemoryOf(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (pid <= 0 || !File.Exists(status)) return (double.NaN, double.NaN);
        double Field(string name) => File.ReadLines(status).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } l
            ? long.Parse(l[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0
            : double.NaN;
        return (Field("VmHWM:"), Field("VmRSS:"));
    }
}
