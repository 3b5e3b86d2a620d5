using Gamified.Activity;
using Gamified.Common;

namespace Gamified.Records;

/// <summary>The kinds of training hours an annual requirement names.</summary>
public enum TrainingCategory
{
    /// <summary>Server-timed work in content packages (lesson time the server measured).</summary>
    Online,
    /// <summary>Workshops attended (checked in), at the session's length.</summary>
    Workshop,
    /// <summary>Expert lectures attended (checked in), at the session's length.</summary>
    ExpertLecture,
    /// <summary>Brainstorms taken part in, at a configured number of hours each.</summary>
    Brainstorm,
}

public sealed record CompletedPackage(string PackageId, LocalizedText? Titles, DateTimeOffset CompletedAt, int TimeOnTaskSeconds);

public sealed record AttendedSession(string PlanId, string SessionId, TrainingCategory Kind, LocalizedText? PlanTitles,
    LocalizedText? SessionTitles, DateTimeOffset AttendedAt, int Seconds);

public sealed record BrainstormTaken(string BrainstormId, int Ideas, int Votes, int Won, DateTimeOffset LastAt);

/// <summary>A statement nobody but its author (or a manager) vouches for: listed as such, counted toward no hours.</summary>
public sealed record UnwitnessedStatement(string ActivityId, string Verb, string ObjectId, string ObjectKind, Attestation Attestation,
    DateTimeOffset OccurredAt, int? DurationSeconds);

public sealed record CategoryHours(TrainingCategory Category, double Hours, double Required)
{
    public double Short => Math.Max(0, Math.Round(Required - Hours, 2));
}

/// <summary>
/// A learner's training year (the organisation's calendar year in its time zone), read from what the server witnessed.
/// <see cref="RequirementFrom"/> names the department whose requirement applies (the learner's, or its nearest ancestor
/// with one); null: no requirement for the year.
/// </summary>
public sealed record TrainingRecord(string LearnerId, int Year, string DepartmentId, IReadOnlyList<CompletedPackage> Packages,
    IReadOnlyList<AttendedSession> Sessions, IReadOnlyList<BrainstormTaken> Brainstorms, IReadOnlyList<UnwitnessedStatement> Unwitnessed,
    IReadOnlyList<CategoryHours> Hours, string? RequirementFrom)
{
    public double TotalHours => Math.Round(Hours.Sum(h => h.Hours), 2);

    public double TotalRequired => Math.Round(Hours.Sum(h => h.Required), 2);

    public bool MeetsRequirement => Hours.All(h => h.Short == 0);
}

/// <summary>Hours a department asks of each of its learners in a year, by category (categories not named: none).</summary>
public sealed record TrainingRequirement(string DepartmentId, int Year, IReadOnlyDictionary<TrainingCategory, double> Hours,
    string SetBy, DateTimeOffset SetAt);

/// <summary>What a certificate said when it was issued; the code is the only way to find it again.</summary>
public sealed record CertificateSnapshot(string Code, string LearnerId, string LearnerName, string DepartmentId, LocalizedText DepartmentNames,
    int Year, IReadOnlyList<CategoryHours> Hours, double TotalHours, LocalizedText Issuer, DateTimeOffset IssuedAt);
