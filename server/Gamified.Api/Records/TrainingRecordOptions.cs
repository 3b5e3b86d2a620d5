namespace Gamified.Api.Records;

/// <summary>The <c>TrainingRecords</c> configuration section.</summary>
public sealed class TrainingRecordOptions
{
    public const string Section = "TrainingRecords";

    /// <summary>The issuer printed on certificates, in Chinese.</summary>
    public string IssuerZhCN { get; set; } = "培训中心";

    /// <summary>The issuer printed on certificates, in English.</summary>
    public string IssuerEn { get; set; } = "Training Office";

    /// <summary>Hours credited for each brainstorm a learner took part in (a brainstorm's result is what the server witnessed).</summary>
    public double BrainstormHours { get; set; } = 1.0;

    public string? Problem() =>
        string.IsNullOrWhiteSpace(IssuerZhCN) || string.IsNullOrWhiteSpace(IssuerEn) ? "IssuerZhCN and IssuerEn name the issuer."
        : IssuerZhCN.Length > 200 || IssuerEn.Length > 200 ? "IssuerZhCN and IssuerEn are at most 200 characters."
        : BrainstormHours is < 0 or > 24 ? "BrainstormHours is 0 to 24." : null;
}
