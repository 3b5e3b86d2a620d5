using Gamified.Api.Exports;
using GraphQL.Types;

namespace Gamified.Api.Analytics;

public sealed class MissedQuestionType : ObjectGraphType<MissedQuestion>
{
    public MissedQuestionType()
    {
        Name = "MissedQuestion";
        Field(x => x.Test).Description("pre or post.");
        Field(x => x.QuestionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Answers).Description("Learners who answered it (any attempt).");
        Field(x => x.Missed).Description("Of them, learners who missed it at least once.");
        Field(x => x.MissRate).Description("Missed / answers, 0 to 1.");
    }
}

public sealed class PackageVersionReportType : ObjectGraphType<PackageVersionReport>
{
    public PackageVersionReportType()
    {
        Name = "PackageVersionAnalytics";
        Description = "How learners did in one version of a package. Figures drawn from individual results are null (withheld) while fewer learners than the minimum group size have started it, and each of them also while fewer than that many learners contribute to it (e.g. took the post-test).";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version);
        Field(x => x.Starts).Description("Learners who did anything in this version.");
        Field(x => x.Completions).Description("Learners who completed it by its moveOn rule.");
        Field(x => x.CompletionRate, nullable: true).Description("Completions / starts, 0 to 1.");
        Field(x => x.MedianMinutes, nullable: true).Description("Median time on task of those who completed it (exact), in minutes.");
        Field(x => x.AveragePreScore, nullable: true);
        Field(x => x.AveragePostScore, nullable: true).Description("Of each learner's best post-test.");
        Field(x => x.AverageGain, nullable: true).Description("Average normalised gain, −1 to 1.");
        Field(x => x.AverageRating, nullable: true);
        Field(x => x.Ratings);
        Field(x => x.Comments);
        Field(x => x.Withheld).Description("True while the group is smaller than the minimum group size.");
        Field(x => x.MostMissed, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<MissedQuestionType>>>))
            .Description("The questions most often missed, by miss rate, at most five; only questions answered by at least the minimum group size of learners.");
    }
}

public sealed class WeekFiguresType : ObjectGraphType<WeekFigures>
{
    public WeekFiguresType()
    {
        Name = "AnalyticsWeek";
        Description = "One ISO week of the rewards calendar.";
        Field(x => x.WeekStart).Description("Monday 00:00 in the rewards time zone.");
        Field(x => x.Week).Description("ISO week, e.g. 2026-W48.");
        Field(x => x.ActiveLearners);
        Field(x => x.Xp, type: typeof(LongGraphType)).Description("XP awarded for statements of the week; withheld while the week has fewer active learners than the minimum group size.");
        Field(x => x.LearnerHours, nullable: true).Description("Time on task the statements reported; withheld like xp.");
        Field(x => x.Completions, nullable: true).Description("Package completions; withheld with the row.");
        Field(x => x.AverageGain, nullable: true).Description("Of the week's completions; withheld while they are fewer than the minimum group size.");
    }
}

public sealed class DepartmentReportType : ObjectGraphType<DepartmentReport>
{
    public DepartmentReportType()
    {
        Name = "DepartmentAnalytics";
        Description = "A department over a window of whole weeks; departments with fewer active learners than the minimum group size share one grouped row.";
        Field(x => x.DepartmentId, type: typeof(IdGraphType)).Description("Null on the grouped row.");
        Field(x => x.Grouped);
        Field(x => x.Members);
        Field(x => x.ActiveLearners).Description("Learners with any statement in the window.");
        Field(x => x.ParticipationRate, nullable: true).Description("Active learners / members, 0 to 1.");
        Field(x => x.Started, nullable: true).Description("Package versions started in the window (learner × package); withheld with the row.");
        Field(x => x.CompletedOnTime, nullable: true).Description("Of those, completed by the deadline (default: the end of the window); withheld with the row.");
        Field(x => x.OnTimeCompletionRate, nullable: true);
        Field(x => x.AverageGain, nullable: true).Description("Of packages completed in the window; withheld while those completions are fewer than the minimum group size.");
        Field(x => x.Xp, type: typeof(LongGraphType)).Description("Withheld with the row.");
        Field(x => x.XpPerActiveLearner, nullable: true);
        Field(x => x.Withheld).Description("True while the row has fewer active learners than the minimum group size: only members and active learners are shown.");
        Field(x => x.Weeks, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<WeekFiguresType>>>)).Description("The trend, week by week.");
    }
}

public sealed class PackageRankType : ObjectGraphType<PackageRank>
{
    public PackageRankType()
    {
        Name = "PackageGainRank";
        Description = "A package version ranked by normalised gain per hour of learner time: where limited training time works best.";
        Field(x => x.Rank);
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version);
        Field(x => x.Learners).Description("Learners with both tests taken.");
        Field(x => x.LearnerHours).Description("Their time on task, in hours.");
        Field(x => x.AverageGain);
        Field(x => x.GainPerHour).Description("Sum of their gains / their hours.");
    }
}

public sealed class StalePackageType : ObjectGraphType<StalePackage>
{
    public StalePackageType()
    {
        Name = "StalePackage";
        Description = "A package past its review-by date: technology moves on, so its content may be out of date.";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version);
        Field(x => x.Owner);
        Field(x => x.TitleZhCN);
        Field(x => x.TitleEn);
        Field<NonNullGraphType<StringGraphType>>("reviewBy").Resolve(c => c.Source.ReviewBy.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Field(x => x.DaysOverdue);
    }
}

public sealed class StatementPageType : ObjectGraphType<StatementPage>
{
    public StatementPageType()
    {
        Name = "XapiStatementPage";
        Description = "A page of xAPI 1.0.3 statements.";
        Field(x => x.StatementsJson).Description("A JSON array of xAPI statements, ready to POST to a Learning Record Store.");
        Field(x => x.Count);
        Field(x => x.EndCursor, nullable: true).Description("Pass as `after` for the next page.");
        Field(x => x.HasNextPage);
    }
}

public sealed class IssuedCredentialType : ObjectGraphType<IssuedCredential>
{
    public IssuedCredentialType()
    {
        Name = "BadgeCredential";
        Description = "A badge as an Open Badges 3.0 OpenBadgeCredential, signed as a JWT (ES256).";
        Field(x => x.BadgeId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.AwardedAt);
        Field(x => x.CredentialJson).Description("The credential (W3C VC data model 2.0), JSON.");
        Field(x => x.Jwt).Description("The signed credential, a compact JWS.");
    }
}

public sealed class CredentialCheckType : ObjectGraphType<CredentialCheck>
{
    public CredentialCheckType()
    {
        Name = "CredentialVerification";
        Field(x => x.Valid);
        Field(x => x.Reason, nullable: true).Description("Why it did not verify.");
        Field(x => x.CredentialJson, nullable: true).Description("The verified credential.");
        Field(x => x.Revoked).Description("The issuer revoked the badge (its status list bit is set); a revoked credential is not valid.");
    }
}
