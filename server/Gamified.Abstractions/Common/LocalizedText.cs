namespace Gamified.Common;

/// <summary>Text in Chinese (the primary language) and English.</summary>
[GenerateSerializer, Immutable, Alias("gamified.LocalizedText")]
public sealed record LocalizedText([property: Id(0)] string ZhCn, [property: Id(1)] string En)
{
    public string For(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : ZhCn;
}
