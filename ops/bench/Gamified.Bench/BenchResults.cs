using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// The record of one benchmark run: every measure with its unit, the settings, the load average before, during and after,
/// the date and the commit, written as a small JSON file (ops/bench/results/), and each measure printed beside the
/// previous recorded run of the same mode and settings, with the change in per cent. Figures from a shared machine are
/// indicative: the load average says how shared it was.
/// </summary>
internal sealed class BenchResults(string mode, IReadOnlyDictionary<string, string> settings)
{
    public enum Better { Higher, Lower, Neither }

    private sealed record Measure(string Key, string Label, double Value, string Unit, Better Better, string Target);

    private readonly List<Measure> _measures = [];
    private readonly Dictionary<string, string> _load = [];

    public void Add(string key, string label, double value, string unit, Better better = Better.Neither, string target = "") =>
        _measures.Add(new Measure(key, label, value, unit, better, target));

    /// <summary>The load average (1, 5, 15 minutes) at a moment of the run: before, during, after.</summary>
    public void Load(string when, string average) => _load[when] = average;

    /// <summary>Writes the run's file and returns its path.</summary>
    public string Save(string directory, string commit, DateTimeOffset at)
    {
        Directory.CreateDirectory(directory);
        var measures = new JsonObject();
        foreach (var m in _measures)
            measures[m.Key] = new JsonObject
            {
                ["label"] = m.Label, ["value"] = double.IsFinite(m.Value) ? Math.Round(m.Value, 3) : null, ["unit"] = m.Unit,
                ["better"] = m.Better.ToString().ToLowerInvariant(),
            };
        foreach (var m in _measures.Where(m => m.Target.Length > 0)) measures[m.Key]!["target"] = m.Target;
        var run = new JsonObject
        {
            ["date"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["commit"] = commit,
            ["mode"] = mode,
            ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["memory"] = ProcessStats.Memory() },
            ["settings"] = Settings(),
            ["load_average"] = new JsonObject(_load.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["measures"] = measures,
        };
        var path = Path.Combine(directory, $"{at.UtcDateTime:yyyy-MM-ddTHH-mm-ss}Z-{mode}.json");
        File.WriteAllText(path, run.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return path;
    }

    /// <summary>The newest run recorded in <paramref name="directory"/> with this mode and these settings, or null.</summary>
    public JsonNode? Previous(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        var settingsNow = Settings();
        return Directory.EnumerateFiles(directory, "*.json")
            .Select(file =>
            {
                try
                {
                    return JsonNode.Parse(File.ReadAllText(file));
                }
                catch (JsonException)
                {
                    return null;
                }
            })
            .Where(run => run?["mode"]?.GetValue<string>() == mode && SameSettings(run["settings"] as JsonObject, settingsNow))
            .OrderByDescending(run => run!["date"]?.GetValue<string>(), StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Every setting of the earlier run is the same now; a setting added to the benchmark after it (absent from its
    /// file, like <c>batch</c>) does not stop the comparison of the measures both runs have.</summary>
    private static bool SameSettings(JsonObject? before, JsonNode now) =>
        before is not null && before.All(setting => JsonNode.DeepEquals(setting.Value, now[setting.Key]));

    /// <summary>Prints every measure of this run beside <paramref name="previous"/>'s (when there is one) and the change.</summary>
    public void Print(JsonNode? previous)
    {
        Console.WriteLine();
        var before = previous is null ? "previous run" : $"previous run ({previous["date"]}, {previous["commit"]})";
        Console.WriteLine(previous is null
            ? $"No earlier run of mode '{mode}' with these settings is recorded: nothing to compare with."
            : $"Compared with the run of {previous["date"]} at {previous["commit"]} (load average during it: {previous["load_average"]?["during"] ?? "n/a"}; now: {(_load.TryGetValue("during", out var d) ? d : "n/a")}).");
        Console.WriteLine($"| measure | this run | {before} | change | target |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var m in _measures)
        {
            var old = previous?["measures"]?[m.Key]?["value"] is JsonValue v ? v.GetValue<double>() : double.NaN;
            Console.WriteLine($"| {m.Label} | {Format(m.Value, m.Unit)} | {Format(old, m.Unit)} | {Change(m.Value, old, m.Better)} | {m.Target} |");
        }
    }

    private JsonObject Settings() => new(settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)));

    private static string Format(double value, string unit) =>
        !double.IsFinite(value) ? "n/a" : $"{value.ToString(Math.Abs(value) >= 100 || value == Math.Floor(value) ? "N0" : "N2", CultureInfo.InvariantCulture)} {unit}".TrimEnd();

    private static string Change(double now, double old, Better better)
    {
        if (!double.IsFinite(now) || !double.IsFinite(old)) return "";
        if (old == 0) return now == 0 ? "=" : "(was 0)";
        var percent = (now - old) / Math.Abs(old) * 100;
        var verdict = better switch
        {
            _ when Math.Abs(percent) < 0.05 => "",
            Better.Higher => percent > 0 ? " better" : " worse",
            Better.Lower => percent < 0 ? " better" : " worse",
            _ => "",
        };
        return $"{percent.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)} %{verdict}";
    }
}
