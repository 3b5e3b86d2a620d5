namespace Gamified.Plugins.Packages;

/// <summary>A pre-test or post-test file: its questions, each with its answer key and explanation.</summary>
public sealed class QuestionSet
{
    /// <summary>When the pre-test declares no <see cref="MinimumSeconds"/>: this many seconds a question served.</summary>
    public const int DefaultSecondsPerQuestion = 5;

    /// <summary>
    /// A question bank: each attempt is this many of <see cref="Questions"/>, drawn by the server (see
    /// <see cref="Grading.QuestionDraw"/>). Absent: every question, every attempt.
    /// </summary>
    public int? Draw { get; set; }

    /// <summary>
    /// Pre-test only: seconds from when its questions were first served before a submission counts, so a pre-test
    /// cannot be tanked in a moment. Absent: <see cref="DefaultSecondsPerQuestion"/> for each question drawn.
    /// </summary>
    public int? MinimumSeconds { get; set; }

    public List<Question>? Questions { get; set; }

    /// <summary>How many questions an attempt has.</summary>
    public int DrawCount => Draw is { } n ? Math.Clamp(n, 1, Questions?.Count ?? 0) : Questions?.Count ?? 0;

    /// <summary>Seconds the pre-test must have been open before it is submitted.</summary>
    public int MinimumSecondsOrDefault => MinimumSeconds ?? DefaultSecondsPerQuestion * DrawCount;
}

public sealed class Question
{
    public string? Id { get; set; }

    /// <summary>One of <see cref="QuestionKinds"/>.</summary>
    public string? Kind { get; set; }
    public Localized? Prompt { get; set; }
    public List<QuestionOption>? Options { get; set; }

    /// <summary>The correct option ids (choice questions) or <c>["true"]</c>/<c>["false"]</c>. Never sent to learners.</summary>
    public List<string>? Answer { get; set; }

    /// <summary>Accepted answers of a short-answer question, per locale. Never sent to learners.</summary>
    public LocalizedList? Accepted { get; set; }
    public Localized? Explanation { get; set; }
}

public sealed class QuestionOption
{
    public string? Id { get; set; }
    public Localized? Text { get; set; }
}

public sealed class LocalizedList
{
    [System.Text.Json.Serialization.JsonPropertyName("zhCN")] public List<string>? ZhCN { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("en")] public List<string>? En { get; set; }

    public IEnumerable<string> All() => (ZhCN ?? []).Concat(En ?? []);
}

public static class QuestionKinds
{
    public const string SingleChoice = "single-choice";
    public const string MultipleChoice = "multiple-choice";
    public const string TrueFalse = "true-false";
    public const string ShortAnswer = "short-answer";
    public static readonly IReadOnlyList<string> All = [SingleChoice, MultipleChoice, TrueFalse, ShortAnswer];
}
