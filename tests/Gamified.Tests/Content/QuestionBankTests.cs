using Gamified.Plugins.Grading;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Tests.Content;

/// <summary>Question banks: which questions an attempt draws, and the validation of <c>draw</c> and <c>minimumSeconds</c>.</summary>
[Trait("Category", "Unit")]
public sealed class QuestionBankTests
{
    private static QuestionSet Bank(int questions, int? draw) => new()
    {
        Draw = draw,
        Questions = Enumerable.Range(1, questions).Select(i => new Question { Id = $"b{i}" }).ToList(),
    };

    private static List<string> Ids(QuestionSet set, string seed, int attempt) =>
        QuestionDraw.For(set, seed, attempt).Select(q => q.Id!).ToList();

    [Fact]
    public void without_draw_every_attempt_has_every_question_in_file_order()
    {
        var set = Bank(4, null);
        Assert.Equal(["b1", "b2", "b3", "b4"], Ids(set, "learner-1|p|1.0.0|post", 1));
        Assert.Equal(["b1", "b2", "b3", "b4"], Ids(set, "learner-1|p|1.0.0|post", 3));
    }

    [Fact]
    public void the_same_learner_and_attempt_always_draw_the_same_questions()
    {
        var set = Bank(10, 4);
        var first = Ids(set, "learner-1|p|1.0.0|post", 2);
        Assert.Equal(4, first.Count);
        Assert.Equal(first, Ids(set, "learner-1|p|1.0.0|post", 2));
        Assert.Equal(first.OrderBy(id => int.Parse(id[1..])), first);   // in the file's order
    }

    [Fact]
    public void a_retry_draws_questions_the_earlier_attempts_did_not_have_while_the_bank_has_them()
    {
        var set = Bank(9, 3);
        var attempts = Enumerable.Range(1, 3).Select(a => Ids(set, "learner-1|p|1.0.0|post", a)).ToList();
        Assert.All(attempts, a => Assert.Equal(3, a.Count));
        Assert.Equal(9, attempts.SelectMany(a => a).Distinct().Count());
    }

    [Fact]
    public void a_small_bank_gives_a_retry_every_question_the_previous_attempt_missed_and_tops_up()
    {
        var set = Bank(5, 3);
        var first = Ids(set, "learner-1|p|1.0.0|post", 1);
        var second = Ids(set, "learner-1|p|1.0.0|post", 2);
        Assert.Equal(3, second.Count);
        Assert.Subset(second.ToHashSet(), set.Questions!.Select(q => q.Id!).Except(first).ToHashSet());
        // A new round: the third attempt prefers what the second did not have.
        var third = Ids(set, "learner-1|p|1.0.0|post", 3);
        Assert.Subset(third.ToHashSet(), set.Questions!.Select(q => q.Id!).Except(second).ToHashSet());
    }

    [Fact]
    public void learners_draw_different_questions()
    {
        var set = Bank(10, 3);
        var draws = Enumerable.Range(1, 20).Select(i => string.Join(",", Ids(set, $"learner-{i}|p|1.0.0|post", 1))).Distinct().Count();
        Assert.True(draws > 5, $"20 learners drew only {draws} different sets");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    public void draw_is_between_one_and_the_number_of_questions(string draw)
    {
        var postTest = SamplePackage.Text("tests/post-test.json").Replace("{\n  \"questions\": [", $"{{\n  \"draw\": {draw},\n  \"questions\": [");
        Assert.Contains("\"draw\"", postTest);
        var error = Assert.Single(Errors(new() { ["tests/post-test.json"] = postTest }));
        Assert.Equal((PackageErrorCodes.InvalidValue, "tests/post-test.json", 2, 11), (error.Code, error.Path, error.Line, error.Column));
        Assert.Contains("between 1 and the number of questions (3)", error.Message);
    }

    [Fact]
    public void a_bank_that_draws_some_of_its_questions_is_valid()
    {
        var postTest = SamplePackage.Text("tests/post-test.json").Replace("{\n  \"questions\": [", "{\n  \"draw\": 2,\n  \"questions\": [");
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(SamplePackage.Load(new Dictionary<string, string?> { ["tests/post-test.json"] = postTest }));
        Assert.Empty(errors);
        Assert.Equal(2, package!.PostTest.DrawCount);
    }

    [Fact]
    public void minimum_seconds_belongs_to_the_pre_test_and_is_bounded()
    {
        var postTest = SamplePackage.Text("tests/post-test.json").Replace("{\n  \"questions\": [", "{\n  \"minimumSeconds\": 30,\n  \"questions\": [");
        var onPost = Assert.Single(Errors(new() { ["tests/post-test.json"] = postTest }));
        Assert.Equal(("tests/post-test.json", 2, 21), (onPost.Path, onPost.Line, onPost.Column));
        Assert.Contains("pre-test only", onPost.Message);

        var preTest = SamplePackage.Text("tests/pre-test.json").Replace("\"minimumSeconds\": 0", "\"minimumSeconds\": -1");
        var negative = Assert.Single(Errors(new() { ["tests/pre-test.json"] = preTest }));
        Assert.Equal((PackageErrorCodes.InvalidValue, "tests/pre-test.json", 1, 21), (negative.Code, negative.Path, negative.Line, negative.Column));
    }

    [Fact]
    public void a_pre_test_without_minimum_seconds_takes_five_seconds_a_drawn_question()
    {
        Assert.Equal(15, Bank(3, null).MinimumSecondsOrDefault);
        Assert.Equal(10, Bank(6, 2).MinimumSecondsOrDefault);
        Assert.Equal(0, new QuestionSet { MinimumSeconds = 0, Questions = Bank(3, null).Questions }.MinimumSecondsOrDefault);
    }

    private static IReadOnlyList<PackageError> Errors(Dictionary<string, string?> changes)
    {
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(SamplePackage.Load(changes));
        Assert.Null(package);
        return errors;
    }
}
