using Gamified.Plugins.Grading;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Tests.Content;

[Trait("Category", "Unit")]
public sealed class GradingTests
{
    private static readonly ContentPackage Sample = new PackageValidator(ServerVersion.Current).Validate(SamplePackage.Load()).Package!;

    [Fact]
    public void every_answer_right_scores_100()
    {
        var graded = Grader.Grade(Sample.PostTest, [
            new SubmittedAnswer("q1", ["b"], null), new SubmittedAnswer("q2", ["b", "a"], null), new SubmittedAnswer("q3", null, "最小必要")]);
        Assert.Equal(100, graded.Score);
        Assert.All(graded.Results, r => Assert.True(r.Correct));
    }

    [Fact]
    public void multiple_choice_needs_exactly_the_right_set()
    {
        Assert.False(Grader.Grade(Sample.PostTest, [new SubmittedAnswer("q2", ["a"], null)]).Results.Single(r => r.QuestionId == "q2").Correct);
        Assert.False(Grader.Grade(Sample.PostTest, [new SubmittedAnswer("q2", ["a", "b", "c"], null)]).Results.Single(r => r.QuestionId == "q2").Correct);
        Assert.True(Grader.Grade(Sample.PostTest, [new SubmittedAnswer("q2", ["B", "a"], null)]).Results.Single(r => r.QuestionId == "q2").Correct);
    }

    [Theory]
    [InlineData("最小必要", true)]
    [InlineData(" 最小、必要。 ", true)]
    [InlineData("Minimum Necessary", true)]
    [InlineData("ＭＩＮＩＭＵＭ　ｎｅｃｅｓｓａｒｙ", true)]
    [InlineData("data-minimisation!", true)]
    [InlineData("最大必要", false)]
    [InlineData("", false)]
    public void short_answers_match_accepted_answers_of_either_language(string text, bool correct)
    {
        var graded = Grader.Grade(Sample.PostTest, [new SubmittedAnswer("q3", null, text)]);
        Assert.Equal(correct, graded.Results.Single(r => r.QuestionId == "q3").Correct);
    }

    [Fact]
    public void unanswered_and_unknown_questions_count_as_wrong()
    {
        var graded = Grader.Grade(Sample.PostTest, [new SubmittedAnswer("q1", ["b"], null), new SubmittedAnswer("nope", ["a"], null)]);
        Assert.Equal(33.3, graded.Score);
        Assert.Equal(1, graded.Correct);
        Assert.Equal(3, graded.Total);
    }

    [Theory]
    [InlineData(50, 75, 0.5)]
    [InlineData(0, 100, 1.0)]
    [InlineData(60, 60, 0.0)]
    [InlineData(80, 60, -0.25)]
    [InlineData(100, 80, -0.2)]
    [InlineData(100, 0, -1.0)]
    [InlineData(90, 100, 1.0)]
    public void learning_gain_is_normalised(double pre, double post, double expected)
    {
        Assert.Equal(expected, LearningGain.Normalised(pre, post)!.Value, 6);
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(0, 0)]
    public void learning_gain_is_undefined_when_the_test_cannot_show_a_change(double pre, double post)
    {
        Assert.Null(LearningGain.Normalised(pre, post));
    }

    [Fact]
    public void scores_outside_0_to_100_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningGain.Normalised(-1, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningGain.Normalised(50, 101));
    }
}
