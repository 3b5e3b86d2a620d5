using System.Text.Json.Serialization;

namespace Gamified.Plugins.Packages;

/// <summary>Text of a package in Chinese (required) and English (optional; falls back to Chinese).</summary>
public sealed class Localized
{
    [JsonPropertyName("zhCN")] public string? ZhCN { get; set; }
    [JsonPropertyName("en")] public string? En { get; set; }

    public string For(string locale) =>
        locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(En) ? En! : ZhCN ?? "";
}

/// <summary>A path per locale; English falls back to Chinese.</summary>
public sealed class LocalizedPath
{
    [JsonPropertyName("zhCN")] public string? ZhCN { get; set; }
    [JsonPropertyName("en")] public string? En { get; set; }

    public string For(string locale) =>
        locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(En) ? En! : ZhCN ?? "";

    public IEnumerable<(string Locale, string Path)> All()
    {
        if (!string.IsNullOrWhiteSpace(ZhCN)) yield return ("zhCN", ZhCN!);
        if (!string.IsNullOrWhiteSpace(En)) yield return ("en", En!);
    }
}
