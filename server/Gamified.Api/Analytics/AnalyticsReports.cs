namespace Gamified.Api.Analytics;

/// <summary>How learners did in one version of a package. Figures drawn from individual results are withheld
/// (null, <see cref="Withheld"/>) while fewer than the minimum group size have started it.</summary>
public sealed record PackageVersionReport(
    string PackageId, string Version, int Starts, int Completions, double? CompletionRate, double? MedianMinutes,
    double? AveragePreScore, double? AveragePostScore, double? AverageGain, double? AverageRating, int Ratings, int Comments,
    bool Withheld, IReadOnlyList<MissedQuestion> MostMissed);

public sealed record MissedQuestion(string Test, string QuestionId, int Answers, int Missed, double MissRate);

/// <summary>A department (or, when <see cref="Grouped"/>, the departments too small to show alone) over a window. While
/// <see cref="Withheld"/> only the member and active-learner counts are shown.</summary>
public sealed record DepartmentReport(
    string? DepartmentId, bool Grouped, IReadOnlyList<string> DepartmentIds, int Members, int ActiveLearners, double? ParticipationRate,
    int? Started, int? CompletedOnTime, double? OnTimeCompletionRate, double? AverageGain, long? Xp, double? XpPerActiveLearner,
    bool Withheld, IReadOnlyList<WeekFigures> Weeks);

public sealed record WeekFigures(DateTimeOffset WeekStart, string Week, int ActiveLearners, long? Xp, double? LearnerHours, int? Completions,
    double? AverageGain);

/// <summary>A package version ranked by normalised gain per hour of learner time (sum of gains / sum of hours).</summary>
public sealed record PackageRank(int Rank, string PackageId, string Version, int Learners, double LearnerHours, double AverageGain, double GainPerHour);

public sealed record StalePackage(string PackageId, string Version, string Owner, string TitleZhCN, string TitleEn, DateOnly ReviewBy, int DaysOverdue);
