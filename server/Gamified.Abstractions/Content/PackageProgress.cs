using Gamified.Common;
using Orleans.Concurrency;

namespace Gamified.Content;

public enum TestKind
{
    PreTest,
    PostTest,
}

/// <summary>Where a learner is in one package, on the version they started (and stay on).</summary>
[GenerateSerializer, Immutable, Alias("gamified.PackageProgress")]
public sealed record PackageProgress(
    [property: Id(0)] string PackageId,
    [property: Id(1)] string Version,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] IReadOnlyList<string> ViewedLessons,
    [property: Id(4)] double? PreTestScore,
    [property: Id(5)] double? PostTestScore,
    [property: Id(6)] int PostTestAttempts,
    [property: Id(7)] double? LearningGain,
    [property: Id(8)] DateTimeOffset? CompletedAt);

[GenerateSerializer, Immutable, Alias("gamified.RenderedLesson")]
public sealed record RenderedLesson(
    [property: Id(0)] string PackageId,
    [property: Id(1)] string Version,
    [property: Id(2)] string LessonId,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Title,
    [property: Id(5)] string Html,
    [property: Id(6)] int MinimumSeconds);

[GenerateSerializer, Immutable, Alias("gamified.QuestionOptionView")]
public sealed record QuestionOptionView([property: Id(0)] string Id, [property: Id(1)] string Text);

/// <summary>A question as a learner sees it: no answer key, no explanation before grading.</summary>
[GenerateSerializer, Immutable, Alias("gamified.QuestionView")]
public sealed record QuestionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Prompt,
    [property: Id(3)] IReadOnlyList<QuestionOptionView> Options);

[GenerateSerializer, Immutable, Alias("gamified.Answer")]
public sealed record Answer(
    [property: Id(0)] string QuestionId,
    [property: Id(1)] IReadOnlyList<string>? Choices,
    [property: Id(2)] string? Text);

[GenerateSerializer, Immutable, Alias("gamified.AnswerFeedback")]
public sealed record AnswerFeedback(
    [property: Id(0)] string QuestionId,
    [property: Id(1)] bool Correct,
    [property: Id(2)] string Explanation);

[GenerateSerializer, Immutable, Alias("gamified.TestOutcome")]
public sealed record TestOutcome(
    [property: Id(0)] TestKind Test,
    [property: Id(1)] double Score,
    [property: Id(2)] bool Passed,
    [property: Id(3)] int Correct,
    [property: Id(4)] int Total,
    [property: Id(5)] IReadOnlyList<AnswerFeedback> Feedback,
    [property: Id(6)] PackageProgress Progress);

/// <summary>One learner taking one package, keyed by <see cref="Key"/>.</summary>
[Alias("gamified.ILearnerPackageGrain")]
public interface ILearnerPackageGrain : IGrainWithStringKey
{
    public static string Key(string learnerId, string packageId) => GrainKeys.Of(learnerId + "|" + packageId);

    [Alias("Start")]
    Task<PackageProgress> Start();

    /// <summary>A cmi5 course whose every AU is satisfied: completes it once, as our own packages complete (SERVER statement, approved rewards).</summary>
    Task<PackageProgress> CompleteCourse();

    [AlwaysInterleave, Alias("Progress")]
    [return: Immutable]
    Task<PackageProgress?> Progress();

    [Alias("OpenLesson")]
    Task<RenderedLesson> OpenLesson(string lessonId, string locale);

    [Alias("CompleteLesson")]
    Task<PackageProgress> CompleteLesson(string lessonId);

    [Alias("Questions")]
    Task<IReadOnlyList<QuestionView>> Questions(TestKind test, string locale);

    [Alias("Submit")]
    Task<TestOutcome> Submit(TestKind test, IReadOnlyList<Answer> answers, string locale);
}
