using Gamified.Analytics;
using Gamified.Activity;
using Gamified.Challenges;
using Gamified.Common;
using Gamified.Learners;
using Gamified.Plugins.Grading;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;

namespace Gamified.Content;

[GenerateSerializer, Alias("gamified.LearnerPackageState")]
public sealed class LearnerPackageState
{
    [Id(0)] public string Version { get; set; } = "";
    [Id(1)] public DateTimeOffset StartedAt { get; set; }
    [Id(2)] public Dictionary<string, DateTimeOffset> OpenedAt { get; set; } = [];
    [Id(3)] public List<string> Viewed { get; set; } = [];
    [Id(4)] public double? PreTestScore { get; set; }
    [Id(5)] public double? PostTestScore { get; set; }
    [Id(6)] public int PostTestAttempts { get; set; }
    [Id(7)] public double? LearningGain { get; set; }
    [Id(8)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the pre-test's questions were first served, by this grain's clock: its minimum time counts from here.</summary>
    [Id(9)] public DateTimeOffset? PreTestServedAt { get; set; }
}

/// <summary>
/// One learner taking one package. The version is pinned at start. Grading happens here, against answer
/// keys that never leave the server; what the learner does becomes activity statements in their ledger
/// flow, with idempotency keys derived from the step, so a retried call never awards twice.
/// The learning gain is measured once, on the first post-test attempt: later attempts come after per-question feedback
/// and count for passing and completion, not for gain. The pre-test counts only after its minimum time, and a test
/// with a question bank gives each attempt its own drawn questions.
/// </summary>
public sealed class LearnerPackageGrain(
    [PersistentState("package-progress", StorageNames.Main)] IPersistentState<LearnerPackageState> state,
    PackageCatalog catalog,
    IPackageStore store,
    IPackageApprovalStore approvals,
    IAnalyticsStore analytics,
    TimeProvider clock) : Grain, ILearnerPackageGrain
{
    public const int MaxPostTestAttempts = 3;
    public const int MaxAnswers = 200;

    private string LearnerId => this.EntityId().Split('|')[0];
    private string PackageId => this.EntityId().Split('|')[1];

    public async Task<PackageProgress> Start()
    {
        if (state.RecordExists) return Progress(state.State);
        var learner = await Learner();
        var entry = catalog.Latest(PackageId) ?? throw DomainException.NotFound("Package", PackageId);
        var now = clock.GetUtcNow();
        state.State = new LearnerPackageState { Version = entry.Package.Version.ToString(), StartedAt = now };
        await state.WriteStateAsync();
        await Record("started", "package", PackageId, null, "started");
        await SaveResult(learner);
        return Progress(state.State);
    }

    public Task<PackageProgress?> Progress() => Task.FromResult(state.RecordExists ? Progress(state.State) : null);

    public async Task<PackageProgress> CompleteCourse()
    {
        if (!state.RecordExists)
            throw new DomainException(ErrorCodes.PackageNotStarted, $"Start package '{PackageId}' first (launchAssignableUnit).");
        var package = catalog.Get(PackageId, state.State.Version)?.Package
                      ?? throw new DomainException(ErrorCodes.Unavailable, $"Package '{PackageId}' {state.State.Version} is not loaded on this server yet.");
        if (package.Kind != PackageKind.Cmi5) throw new DomainException(ErrorCodes.WrongPackageKind, $"'{PackageId}' is not a cmi5 course.");
        await Complete(package, passed: true);
        return Progress(state.State);
    }

    public async Task<RenderedLesson> OpenLesson(string lessonId, string locale)
    {
        var package = RequirePackage();
        var lesson = package.Lesson(lessonId) ?? throw DomainException.NotFound("Lesson", lessonId);
        var learner = await Learner();
        string html;
        try
        {
            // Off the grain's scheduler: a slow template must not stall other grain calls (see RenderSlots).
            html = await LessonRenderer.RenderAsync(package, lesson, locale, new LessonReader(learner.Profile.DisplayName,
                learner.Profile.DepartmentId, state.State.Viewed, state.State.PreTestScore, state.State.PostTestScore));
        }
        catch (RenderBusyException busy)
        {
            throw new DomainException(ErrorCodes.Unavailable, busy.Message);
        }
        catch (TemplateRenderException problem)
        {
            // The package validated, so this is a runtime limit the author's template hit: say which.
            throw new DomainException(ErrorCodes.TemplateRenderFailed, $"The lesson could not be shown: {problem.Message}");
        }
        if (!state.State.OpenedAt.ContainsKey(lessonId))
        {
            state.State.OpenedAt[lessonId] = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        return new RenderedLesson(PackageId, package.Version.ToString(), lessonId, lesson.Kind!, lesson.Title!.For(locale), html,
            lesson.MinimumSeconds ?? 0);
    }

    public async Task<PackageProgress> CompleteLesson(string lessonId)
    {
        var package = RequirePackage();
        var lesson = package.Lesson(lessonId) ?? throw DomainException.NotFound("Lesson", lessonId);
        if (state.State.Viewed.Contains(lessonId)) return Progress(state.State);
        if (!state.State.OpenedAt.TryGetValue(lessonId, out var opened))
            throw DomainException.Conflict($"Open lesson '{lessonId}' before completing it.");
        var now = clock.GetUtcNow();
        var seconds = (int)(now - opened).TotalSeconds;
        if (seconds < (lesson.MinimumSeconds ?? 0))
            throw new DomainException(ErrorCodes.TooSoon,
                $"Lesson '{lessonId}' counts after {lesson.MinimumSeconds} seconds on it; {lesson.MinimumSeconds - seconds} to go.");

        state.State.Viewed.Add(lessonId);
        await state.WriteStateAsync();
        await Record("completed", "lesson", $"{PackageId}/{lessonId}", new ActivityResult(null, null, true, Math.Min(seconds, 86_400)),
            $"lesson:{lessonId}");
        await CompleteIfDone(package);
        return Progress(state.State);
    }

    public async Task<IReadOnlyList<QuestionView>> Questions(TestKind test, string locale)
    {
        var package = RequirePackage();
        if (test == TestKind.PreTest && state.State.PreTestServedAt is null && state.State.PreTestScore is null)
        {
            state.State.PreTestServedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        return Drawn(package, test).Select(q => new QuestionView(q.Id!, q.Kind!, q.Prompt!.For(locale),
            q.Kind == QuestionKinds.TrueFalse
                ? [new QuestionOptionView("true", locale.StartsWith("en") ? "True" : "正确"), new QuestionOptionView("false", locale.StartsWith("en") ? "False" : "错误")]
                : (q.Options ?? []).Select(o => new QuestionOptionView(o.Id!, o.Text!.For(locale))).ToList())).ToList();
    }

    /// <summary>The questions of the test's next attempt (the pre-test has one): the same on every call until it is submitted.</summary>
    private IReadOnlyList<Question> Drawn(ContentPackage package, TestKind test) => test == TestKind.PreTest
        ? QuestionDraw.For(package.PreTest, $"{LearnerId}|{PackageId}|{state.State.Version}|pre", 1)
        : QuestionDraw.For(package.PostTest, $"{LearnerId}|{PackageId}|{state.State.Version}|post", Math.Min(state.State.PostTestAttempts + 1, MaxPostTestAttempts));

    /// <summary>A pre-test answered faster than it can be read is a tanked one: refused, so the learner takes it properly.</summary>
    private void CheckPreTestTime(ContentPackage package)
    {
        var minimum = package.PreTest.MinimumSecondsOrDefault;
        if (minimum <= 0) return;
        if (state.State.PreTestServedAt is not { } served)
            throw new DomainException(ErrorCodes.TooSoon, "Open the pre-test (preTest) before submitting it.");
        var seconds = (int)(clock.GetUtcNow() - served).TotalSeconds;
        if (seconds < minimum)
            throw new DomainException(ErrorCodes.TooSoon,
                $"The pre-test counts after {minimum} seconds on it; {minimum - seconds} to go.");
    }

    private static void CheckAnswersAreDrawn(IReadOnlyList<Answer> answers, IReadOnlyList<Question> drawn)
    {
        var ids = drawn.Select(q => q.Id!).ToHashSet(StringComparer.Ordinal);
        foreach (var answer in answers)
            if (!ids.Contains(answer.QuestionId))
                throw DomainException.BadInput("input.answers.questionId", $"'{answer.QuestionId}' is not one of this attempt's questions.");
    }

    public async Task<TestOutcome> Submit(TestKind test, IReadOnlyList<Answer> answers, string locale)
    {
        var package = RequirePackage();
        CheckAnswers(answers);
        if (test == TestKind.PreTest)
        {
            if (state.State.PreTestScore is not null) throw DomainException.Conflict("The pre-test was taken already; it is taken once.");
            if (state.State.PostTestAttempts > 0) throw DomainException.Conflict("The pre-test closes once the post-test is taken.");
            CheckPreTestTime(package);
        }
        else if (state.State.PostTestAttempts >= MaxPostTestAttempts)
            throw DomainException.Conflict($"The post-test may be taken {MaxPostTestAttempts} times; no attempts are left.");
        var drawn = Drawn(package, test);
        CheckAnswersAreDrawn(answers, drawn);

        var graded = Grader.Grade(new QuestionSet { Questions = drawn.ToList() },
            answers.Select(a => new SubmittedAnswer(a.QuestionId, a.Choices, a.Text)).ToList());
        var passed = graded.Score >= package.MasteryScore;
        var firstPostTest = false;
        if (test == TestKind.PreTest)
        {
            state.State.PreTestScore = graded.Score;
        }
        else
        {
            state.State.PostTestAttempts++;
            state.State.PostTestScore = Math.Max(state.State.PostTestScore ?? 0, graded.Score);
            // The gain is the first attempt's: a retry follows the per-question feedback, so it measures the feedback.
            firstPostTest = state.State.PostTestAttempts == 1;
            if (firstPostTest && state.State.PreTestScore is { } pre) state.State.LearningGain = LearningGain.Normalised(pre, graded.Score);
        }
        await state.WriteStateAsync();

        if (test == TestKind.PreTest)
            await Record("answered", "quiz", $"{PackageId}/pre-test", new ActivityResult(graded.Score, null, true, null), "pre-test");
        else
            await Record(passed ? "passed" : "failed", "quiz", $"{PackageId}/post-test",
                new ActivityResult(graded.Score, passed, true, null, firstPostTest ? state.State.LearningGain : null),
                $"post-test:{state.State.PostTestAttempts}");
        await SaveResult(await Learner());
        await CompleteIfDone(package);
        // Which questions were missed, for the package's analytics. Last: the graded score is stored above and a retry of the
        // pre-test is refused, so were this to fail before the statement and the result, they would never be written. Saving
        // is idempotent (an attempt recorded before is left as it was).
        var attempt = test == TestKind.PreTest ? 1 : state.State.PostTestAttempts;
        await analytics.SaveQuestionOutcomes(graded.Results.Select(r => new QuestionOutcome(PackageId, state.State.Version,
            test == TestKind.PreTest ? "pre" : "post", r.QuestionId, LearnerId, attempt, r.Correct, clock.GetUtcNow())).ToList());

        var feedback = graded.Results.Select(r => new AnswerFeedback(r.QuestionId, r.Correct, r.Explanation?.For(locale) ?? "")).ToList();
        return new TestOutcome(test, graded.Score, passed, graded.Correct, graded.Total, feedback, Progress(state.State));
    }

    /// <summary>
    /// Applies the package's moveOn rule; on completion records it and hands out those of the version's proposed challenges
    /// and badges a manager approved by then, challenges at the approved points. Proposals nobody approved give nothing,
    /// and an approval after a learner completed gives that learner nothing (completion happens once).
    /// </summary>
    private async Task CompleteIfDone(ContentPackage package)
    {
        if (state.State.CompletedAt is not null) return;
        var allViewed = package.Lessons.All(l => state.State.Viewed.Contains(l.Id!));
        var passed = state.State.PostTestScore is { } post && post >= package.MasteryScore;
        var done = package.MoveOn switch
        {
            MoveOn.Completed => allViewed,
            MoveOn.Passed => passed,
            _ => allViewed && passed,
        };
        if (done) await Complete(package, passed);
    }

    private async Task Complete(ContentPackage package, bool passed)
    {
        if (state.State.CompletedAt is not null) return;
        state.State.CompletedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await Record("completed", "package", PackageId, new ActivityResult(state.State.PostTestScore, passed, true, null), "completed");
        await SaveResult(await Learner());

        var approved = await approvals.Approvals(PackageId, state.State.Version);
        foreach (var challenge in package.Manifest.Challenges ?? [])
        {
            var approval = approved.FirstOrDefault(a => a.Kind == PackageRewardKind.Challenge && a.RewardId == challenge.Id);
            if (approval is null) continue;
            var id = $"{PackageId}.{challenge.Id}";
            var grain = GrainFactory.Challenge(id);
            if (await grain.Get() is null)
            {
                try
                {
                    await grain.Create(new CreateChallenge(new LocalizedText(challenge.Title!.ZhCN!, challenge.Title.En ?? challenge.Title.ZhCN!),
                        challenge.FirstN is null ? ChallengeKind.Individual : ChallengeKind.Race, approval.Points ?? 0,
                        state.State.StartedAt.AddYears(-1), null, challenge.FirstN));
                }
                catch (DomainException exists) when (exists.Code == ErrorCodes.Conflict)
                {
                    // Another learner's completion created it first.
                }
            }
            await IgnoreConflict(grain.Complete(LearnerId));
        }
        foreach (var badge in package.Manifest.Badges ?? [])
            if (approved.Any(a => a.Kind == PackageRewardKind.Badge && a.RewardId == badge.Id))
                await IgnoreConflict(GrainFactory.Learner(LearnerId).AwardBadge(new BadgeAward($"{PackageId}.{badge.Id}",
                    $"completed package '{PackageId}' {state.State.Version}", "package")));
    }

    private static async Task IgnoreConflict(Task call)
    {
        try
        {
            await call;
        }
        catch (DomainException already) when (already.Code == ErrorCodes.Conflict)
        {
            // Given before (a retry after a partial failure): nothing more to do.
        }
    }

    private Task Record(string verb, string objectKind, string objectId, ActivityResult? result, string step) =>
        GrainFactory.Learner(LearnerId).RecordActivity(new ActivityStatement(
            $"package:{PackageId}:{state.State.Version}:{step}", verb, new ActivityObject(objectId, objectKind), result,
            new ActivityContext(PackageId, state.State.Version, null, null), null, Attestation.Server));

    private async Task<LearnerSnapshot> Learner() =>
        await GrainFactory.Learner(LearnerId).Get() ?? throw DomainException.NotFound("Learner", LearnerId);

    private Task SaveResult(LearnerSnapshot learner) => store.SaveResult(new LearningResult(LearnerId, PackageId, state.State.Version,
        learner.Profile.DepartmentId, state.State.StartedAt, state.State.PreTestScore, state.State.PostTestScore, state.State.LearningGain,
        state.State.CompletedAt));

    private ContentPackage RequirePackage()
    {
        if (!state.RecordExists)
            throw new DomainException(ErrorCodes.PackageNotStarted, $"Start package '{PackageId}' first (startPackage).");
        var package = catalog.Get(PackageId, state.State.Version)?.Package
                      ?? throw new DomainException(ErrorCodes.Unavailable, $"Package '{PackageId}' {state.State.Version} is not loaded on this server yet.");
        // A cmi5 course has no lessons or tests of ours: it is taken through its AUs, which report to the LRS.
        if (package.Kind == PackageKind.Cmi5)
            throw new DomainException(ErrorCodes.WrongPackageKind, $"'{PackageId}' is a cmi5 course: launch its AUs (launchAssignableUnit).");
        return package;
    }

    private static void CheckAnswers(IReadOnlyList<Answer> answers)
    {
        if (answers.Count > MaxAnswers) throw DomainException.BadInput("input.answers", $"At most {MaxAnswers} answers.");
        foreach (var answer in answers)
        {
            Validate.Name(answer.QuestionId, "input.answers.questionId", 64);
            if (answer.Choices is { Count: > 20 }) throw DomainException.BadInput("input.answers.choices", "At most 20 choices an answer.");
            foreach (var choice in answer.Choices ?? []) Validate.Name(choice, "input.answers.choices", 64);
            Validate.OptionalText(answer.Text, "input.answers.text", 500);
        }
    }

    private PackageProgress Progress(LearnerPackageState s) => new(
        PackageId, s.Version, s.StartedAt, s.Viewed.ToList(), s.PreTestScore, s.PostTestScore, s.PostTestAttempts, s.LearningGain, s.CompletedAt);
}
