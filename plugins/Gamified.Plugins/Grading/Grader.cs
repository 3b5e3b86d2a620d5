using System.Globalization;
using System.Text;
using Gamified.Plugins.Packages;

namespace Gamified.Plugins.Grading;

/// <summary>A learner's answer to one question: chosen option ids (or "true"/"false"), or free text.</summary>
public sealed record SubmittedAnswer(string QuestionId, IReadOnlyList<string>? Choices, string? Text);

public sealed record QuestionResult(string QuestionId, bool Correct, Localized? Explanation);

/// <summary>Score 0–100 (rounded to one decimal), and per question whether it was right and why.</summary>
public sealed record GradedTest(double Score, int Correct, int Total, IReadOnlyList<QuestionResult> Results);

/// <summary>
/// Grades answers against the answer keys, on the server only. Every question weighs the same; a
/// multiple-choice question is right only with exactly the right set; a short answer is right when it
/// matches an accepted answer of either language after normalising width, case, spaces and punctuation.
/// Unanswered and unknown questions count as wrong.
/// </summary>
public static class Grader
{
    public static GradedTest Grade(QuestionSet test, IReadOnlyList<SubmittedAnswer> answers)
    {
        var byQuestion = answers.GroupBy(a => a.QuestionId).ToDictionary(g => g.Key, g => g.Last());
        var questions = test.Questions ?? [];
        var results = questions.Select(q =>
            new QuestionResult(q.Id!, byQuestion.TryGetValue(q.Id!, out var answer) && IsCorrect(q, answer), q.Explanation)).ToList();
        var correct = results.Count(r => r.Correct);
        var score = questions.Count == 0 ? 0 : Math.Round(100.0 * correct / questions.Count, 1);
        return new GradedTest(score, correct, questions.Count, results);
    }

    private static bool IsCorrect(Question question, SubmittedAnswer answer)
    {
        if (question.Kind == QuestionKinds.ShortAnswer)
        {
            if (string.IsNullOrWhiteSpace(answer.Text)) return false;
            var given = Normalise(answer.Text);
            return question.Accepted?.All().Any(accepted => Normalise(accepted) == given) == true;
        }
        var chosen = (answer.Choices ?? []).Select(c => c.Trim().ToLowerInvariant()).ToHashSet();
        var key = (question.Answer ?? []).Select(c => c.Trim().ToLowerInvariant()).ToHashSet();
        return chosen.Count > 0 && chosen.SetEquals(key);
    }

    /// <summary>Full-width to half-width, lower case, without spaces and punctuation.</summary>
    public static string Normalise(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var kept = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is UnicodeCategory.OtherPunctuation or UnicodeCategory.DashPunctuation
                    or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                    or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.ConnectorPunctuation)
                continue;
            kept.Append(c);
        }
        return kept.ToString();
    }
}
