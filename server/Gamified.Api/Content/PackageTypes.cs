using Gamified.Analytics;
using Gamified.Api.Common;
using Gamified.Api.Security;
using Gamified.Common;
using Gamified.Content;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Validation;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Api.Content;

public sealed class LocaleType : EnumerationGraphType
{
    public LocaleType()
    {
        Name = "Locale";
        Add("ZH_CN", "zh-CN", "简体中文");
        Add("EN", "en", "English");
    }
}

public sealed class TestKindType : EnumerationGraphType<TestKind>
{
    public TestKindType() => Name = "TestKind";
}

internal static class LocalizedExtensions
{
    public static LocalizedText ToText(this Localized? text) => new(text?.ZhCN ?? "", string.IsNullOrWhiteSpace(text?.En) ? text?.ZhCN ?? "" : text.En!);
}

public sealed record PackageLessonView(string Id, string Kind, LocalizedText Title, int MinimumSeconds);

public sealed class PackageLessonType : ObjectGraphType<PackageLessonView>
{
    public PackageLessonType()
    {
        Name = "PackageLesson";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind).Description("lesson or case-study");
        Field<NonNullGraphType<LocalizedTextType>>("title").Resolve(c => c.Source.Title);
        Field(x => x.MinimumSeconds);
    }
}

public sealed record PackageRewardView(string Id, LocalizedText Name, LocalizedText? Description, int? Points, string? ImageUrl,
    PackageRewardApproval? Approval);

public sealed class PackageRewardType : ObjectGraphType<PackageRewardView>
{
    public PackageRewardType()
    {
        Name = "PackageReward";
        Description = "A challenge or badge a package version proposes; the id is the server-wide one. Nothing is awarded for it until it is approved.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<LocalizedTextType>>("name").Resolve(c => c.Source.Name);
        Field<LocalizedTextType>("description").Resolve(c => c.Source.Description);
        Field(x => x.Points, nullable: true).Description("The points the author proposes (challenges).");
        Field(x => x.ImageUrl, nullable: true);
        Field<NonNullGraphType<BooleanGraphType>>("approved").Description("Approved for this version: completing it from now on earns it.")
            .Resolve(c => c.Source.Approval is not null);
        Field<IntGraphType>("approvedPoints").Description("The points an approved challenge gives; null until approved (and for badges).")
            .Resolve(c => c.Source.Approval?.Points);
        Field<DateTimeOffsetGraphType>("approvedAt").Resolve(c => c.Source.Approval?.ApprovedAt);
    }
}

internal static class PackageRewardFields
{
    /// <summary>The version's proposed challenges and badges with their approval, on Package and PackageVersion alike.</summary>
    public static void AddRewardFields(this ObjectGraphType<CatalogEntry> type)
    {
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageRewardType>>>>("challenges")
            .Description("The challenges this version proposes, and which are approved.")
            .ResolveAsync(async c =>
            {
                var approvals = await PackageRewardApprovals.Of(c, c.Source);
                return (object?)(c.Source.Package.Manifest.Challenges ?? []).Select(x => new PackageRewardView(
                    PackageRewardApprovals.ServerId(c.Source.Package.Id, x.Id), x.Title.ToText(), null, x.Points, null,
                    approvals.FirstOrDefault(a => a.Kind == PackageRewardKind.Challenge && a.RewardId == x.Id))).ToList();
            });
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageRewardType>>>>("badges")
            .Description("The badges this version proposes, and which are approved.")
            .ResolveAsync(async c =>
            {
                var approvals = await PackageRewardApprovals.Of(c, c.Source);
                return (object?)(c.Source.Package.Manifest.Badges ?? []).Select(b => new PackageRewardView(
                    PackageRewardApprovals.ServerId(c.Source.Package.Id, b.Id), b.Name.ToText(), b.Description.ToText(), null,
                    b.Image is null ? null : $"/packages/{c.Source.Package.Id}/{c.Source.Package.Version}/files/{b.Image}",
                    approvals.FirstOrDefault(a => a.Kind == PackageRewardKind.Badge && a.RewardId == b.Id))).ToList();
            });
    }
}

public sealed class PackageVersionType : ObjectGraphType<CatalogEntry>
{
    public PackageVersionType()
    {
        Name = "PackageVersion";
        Field<NonNullGraphType<StringGraphType>>("version").Resolve(c => c.Source.Package.Version.ToString());
        Field(x => x.PublishedAt);
        Field<NonNullGraphType<BooleanGraphType>>("retired").Resolve(c => c.Source.IsRetired);
        this.AddRewardFields();
    }
}

public sealed class RatingType : ObjectGraphType<PackageRating>
{
    public RatingType()
    {
        Name = "PackageRating";
        Field(x => x.Version);
        Field(x => x.Rating);
        Field(x => x.Comment, nullable: true);
        Field(x => x.RatedAt);
    }
}

public sealed record FeedbackSummary(double? AverageRating, int Count, IReadOnlyList<PackageRating> Ratings);

public sealed class FeedbackSummaryType : ObjectGraphType<FeedbackSummary>
{
    public FeedbackSummaryType()
    {
        Name = "PackageFeedback";
        Field(x => x.AverageRating, nullable: true);
        Field(x => x.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RatingType>>>>("ratings").Resolve(c => c.Source.Ratings);
    }
}

public sealed record GainSummary(int Learners, int Completed, double? AveragePreScore, double? AveragePostScore, double? AverageGain);

public sealed class GainSummaryType : ObjectGraphType<GainSummary>
{
    public GainSummaryType()
    {
        Name = "PackageLearningGain";
        Description = "How learners did: normalised gain is (post − pre) / (100 − pre) when scores rose, (post − pre) / pre when they fell.";
        Field(x => x.Learners).Description("Learners who started it.");
        Field(x => x.Completed);
        Field(x => x.AveragePreScore, nullable: true);
        Field(x => x.AveragePostScore, nullable: true);
        Field(x => x.AverageGain, nullable: true);
    }
}

public sealed class PackageType : ObjectGraphType<CatalogEntry>
{
    public PackageType()
    {
        Name = "Package";
        Description = "A content package in one version: our own case-study lessons, or a cmi5 course (see kind).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Package.Id);
        Field<NonNullGraphType<StringGraphType>>("version").Resolve(c => c.Source.Package.Version.ToString());
        Field<NonNullGraphType<PackageKindType>>("kind").Resolve(c => c.Source.Package.Kind);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AssignableUnitType>>>>("assignableUnits")
            .Description("A cmi5 course's AUs in course order; empty for our own kind.")
            .Resolve(c => c.Source.Package.Course?.Units ?? []);
        Field<NonNullGraphType<LocalizedTextType>>("title").Resolve(c => c.Source.Package.Manifest.Title.ToText());
        Field<NonNullGraphType<LocalizedTextType>>("summary").Resolve(c => c.Source.Package.Manifest.Summary.ToText());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("authors")
            .Description("Each author as 'name (affiliation)'.")
            .Resolve(c => c.Source.Package.Manifest.Authors!.Select(a => $"{a.Name} ({a.Affiliation})").ToList());
        Field<NonNullGraphType<StringGraphType>>("licence").Resolve(c => c.Source.Package.Manifest.Licence);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Package.Manifest.Tags ?? []);
        Field<NonNullGraphType<IntGraphType>>("estimatedMinutes").Resolve(c => c.Source.Package.Manifest.EstimatedMinutes);
        Field<NonNullGraphType<StringGraphType>>("reviewBy").Resolve(c => c.Source.Package.Manifest.ReviewBy);
        Field<NonNullGraphType<BooleanGraphType>>("isStale").Description("Past its review-by date: the content may be out of date.")
            .Resolve(c => c.Source.Package.ReviewBy < DateOnly.FromDateTime(c.Service<TimeProvider>().GetUtcNow().UtcDateTime));
        Field<NonNullGraphType<StringGraphType>>("moveOn").Resolve(c => c.Source.Package.MoveOn);
        Field<NonNullGraphType<IntGraphType>>("masteryScore").Resolve(c => c.Source.Package.MasteryScore);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageLessonType>>>>("lessons")
            .Resolve(c => c.Source.Package.Lessons.Select(l => new PackageLessonView(l.Id!, l.Kind!, l.Title.ToText(), l.MinimumSeconds ?? 0)).ToList());
        this.AddRewardFields();
        Field(x => x.PublishedAt);
        Field<NonNullGraphType<BooleanGraphType>>("retired").Resolve(c => c.Source.IsRetired);
        Field(x => x.Owner);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageVersionType>>>>("versions")
            .Resolve(c => c.Service<PackageService>().Versions(c.Source.Package.Id));
        Field<NonNullGraphType<FeedbackSummaryType>>("feedback")
            .Description("Ratings and comments, all versions (the package's owner, managers, admins).")
            .AuthorizeWithRoles(Roles.Author, Roles.Manager, Roles.Admin)
            .ResolveAsync(async c =>
            {
                RequireOwnerOrManager(c);
                var ratings = await c.Service<PackageService>().Ratings(c.Source.Package.Id, c.CancellationToken);
                return new FeedbackSummary(ratings.Count == 0 ? null : Math.Round(ratings.Average(r => r.Rating), 2), ratings.Count, ratings);
            });
        Field<NonNullGraphType<GainSummaryType>>("learningGain")
            .Description("Pre/post scores and normalised gain over all learners (the package's owner, managers, admins); "
                         + "an average is withheld (null) unless Analytics:MinGroupSize learners contribute to it.")
            .AuthorizeWithRoles(Roles.Author, Roles.Manager, Roles.Admin)
            .ResolveAsync(async c =>
            {
                RequireOwnerOrManager(c);
                var results = await c.Service<PackageService>().Results(c.Source.Package.Id, c.CancellationToken);
                var k = c.Service<AnalyticsOptions>().MinGroupSize;
                // Under K learners an average is a handful of people's scores (one learner's, at worst): withheld, as in the reports.
                double? Average(IEnumerable<double?> values) =>
                    results.Count >= k && values.OfType<double>().ToList() is { } v && v.Count >= k && v.Count > 0 ? Math.Round(v.Average(), 3) : null;
                return new GainSummary(results.Count, results.Count(r => r.CompletedAt is not null),
                    Average(results.Select(r => r.PreScore)), Average(results.Select(r => r.PostScore)), Average(results.Select(r => r.Gain)));
            });
    }

    private static void RequireOwnerOrManager(IResolveFieldContext<CatalogEntry> c)
    {
        var caller = c.Caller();
        if (!caller.IsIn(Roles.Manager)) c.Service<PackageService>().RequireOwner(caller, c.Source);
    }
}

public sealed class PackageProgressType : ObjectGraphType<PackageProgress>
{
    public PackageProgressType()
    {
        Name = "PackageProgress";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version).Description("The version this learner is on, from start to finish.");
        Field(x => x.StartedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("viewedLessons").Resolve(c => c.Source.ViewedLessons);
        Field(x => x.PreTestScore, nullable: true);
        Field(x => x.PostTestScore, nullable: true).Description("The best post-test score.");
        Field(x => x.PostTestAttempts);
        Field<NonNullGraphType<IntGraphType>>("postTestAttemptsLeft").Description("How many more times the post-test may be taken.")
            .Resolve(c => Math.Max(0, LearnerPackageGrain.MaxPostTestAttempts - c.Source.PostTestAttempts));
        Field(x => x.LearningGain, nullable: true).Description("Normalised change from the pre-test to the first post-test attempt, −1 to 1: retries follow the feedback, so they count for passing, not for gain.");
        Field(x => x.CompletedAt, nullable: true);
        Field<NonNullGraphType<BooleanGraphType>>("completed").Resolve(c => c.Source.CompletedAt is not null);
    }
}

public sealed class RenderedLessonType : ObjectGraphType<RenderedLesson>
{
    public RenderedLessonType()
    {
        Name = "RenderedLesson";
        Field(x => x.PackageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Version);
        Field(x => x.LessonId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind);
        Field(x => x.Title);
        Field(x => x.Html).Description("The lesson as cleaned HTML.");
        Field(x => x.MinimumSeconds).Description("Seconds on the lesson before completeLesson counts it.");
    }
}

public sealed class QuestionOptionViewType : ObjectGraphType<QuestionOptionView>
{
    public QuestionOptionViewType()
    {
        Name = "QuestionOption";
        Field(x => x.Id);
        Field(x => x.Text);
    }
}

public sealed class QuestionViewType : ObjectGraphType<QuestionView>
{
    public QuestionViewType()
    {
        Name = "Question";
        Description = "A test question as learners see it: never with its answer.";
        Field(x => x.Id);
        Field(x => x.Kind).Description("single-choice, multiple-choice, true-false or short-answer");
        Field(x => x.Prompt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QuestionOptionViewType>>>>("options").Resolve(c => c.Source.Options);
    }
}

public sealed class AnswerFeedbackType : ObjectGraphType<AnswerFeedback>
{
    public AnswerFeedbackType()
    {
        Name = "AnswerFeedback";
        Field(x => x.QuestionId);
        Field(x => x.Correct);
        Field(x => x.Explanation);
    }
}

public sealed class TestOutcomeType : ObjectGraphType<TestOutcome>
{
    public TestOutcomeType()
    {
        Name = "TestOutcome";
        Field(x => x.Test, type: typeof(NonNullGraphType<TestKindType>));
        Field(x => x.Score).Description("0 to 100.");
        Field(x => x.Passed).Description("At or above the package's mastery score.");
        Field(x => x.Correct);
        Field(x => x.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AnswerFeedbackType>>>>("feedback").Resolve(c => c.Source.Feedback);
        Field<NonNullGraphType<PackageProgressType>>("progress").Resolve(c => c.Source.Progress);
    }
}

public sealed class PackageErrorType : ObjectGraphType<PackageError>
{
    public PackageErrorType()
    {
        Name = "PackageError";
        Description = "Something wrong with an uploaded package, with where it is.";
        Field(x => x.Code);
        Field(x => x.Path).Description("The file in the package.");
        Field(x => x.Line, nullable: true);
        Field(x => x.Column, nullable: true);
        Field(x => x.Message);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field").Description("Always null: the problem is in a file of the package (see path).")
            .Resolve(_ => null);
        Interface<UserErrorType>();
        IsTypeOf = o => o is PackageError;
    }
}

public sealed class PackageSummaryType : ObjectGraphType<ContentPackage>
{
    public PackageSummaryType()
    {
        Name = "PackageSummary";
        Description = "What an uploaded (not yet published) package's manifest says.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("version").Resolve(c => c.Source.Version.ToString());
        Field<NonNullGraphType<LocalizedTextType>>("title").Resolve(c => c.Source.Manifest.Title.ToText());
        Field<NonNullGraphType<LocalizedTextType>>("summary").Resolve(c => c.Source.Manifest.Summary.ToText());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Manifest.Tags ?? []);
        Field<NonNullGraphType<IntGraphType>>("estimatedMinutes").Resolve(c => c.Source.Manifest.EstimatedMinutes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageLessonType>>>>("lessons")
            .Resolve(c => c.Source.Lessons.Select(l => new PackageLessonView(l.Id!, l.Kind!, l.Title.ToText(), l.MinimumSeconds ?? 0)).ToList());
        Field<NonNullGraphType<IntGraphType>>("preTestQuestions").Description("Questions in the pre-test's file (its bank).").Resolve(c => c.Source.PreTest.Questions!.Count);
        Field<NonNullGraphType<IntGraphType>>("postTestQuestions").Description("Questions in the post-test's file (its bank).").Resolve(c => c.Source.PostTest.Questions!.Count);
    }
}

public sealed class PackageValidationType : ObjectGraphType<PackageCheck>
{
    public PackageValidationType()
    {
        Name = "PackageValidation";
        Description = "An uploaded package checked as publishing would check it; nothing is stored.";
        Field<NonNullGraphType<BooleanGraphType>>("valid").Description("Publishing this archive now would succeed.")
            .Resolve(c => c.Source.IsValid);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PackageErrorType>>>>("problems").Resolve(c => c.Source.Errors);
        Field<PackageSummaryType>("package").Description("The manifest, when the content validates (its lessons can be previewed).")
            .Resolve(c => c.Source.Package);
    }
}
