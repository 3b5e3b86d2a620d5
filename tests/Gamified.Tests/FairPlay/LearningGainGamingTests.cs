using System.Text.Json.Nodes;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.FairPlay;

/// <summary>
/// Two packages on a server whose clock the tests move: one like the sample but with the default pre-test minimum time
/// (5 seconds for each of its 3 questions), one whose post-test is a bank of 6 questions drawing 3 an attempt.
/// </summary>
public sealed class LearningGainFixture : IAsyncLifetime
{
    public const string GainPackage = "test.fair.gain";
    public const string BankPackage = "test.fair.bank";

    public TestClock Clock { get; } = new();
    public GamifiedServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var preTest = SamplePackage.Text("tests/pre-test.json");
        Assert.Contains("\"minimumSeconds\": 0,", preTest);
        var content = ContentScenario.NewContentDirectory(
            ("gain", new Dictionary<string, string?>
            {
                ["manifest.json"] = SamplePackage.Manifest("test.sample.basics", GainPackage),
                ["tests/pre-test.json"] = preTest.Replace("\"minimumSeconds\": 0,", ""),
            }),
            ("bank", new Dictionary<string, string?>
            {
                ["manifest.json"] = SamplePackage.Manifest("test.sample.basics", BankPackage),
                ["tests/post-test.json"] = BankOfSix(),
            }));
        Server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), Clock, $"--Content:Directory={content}");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Six true-false questions, b1 … b6: the odd ones are true. Each attempt draws three.</summary>
    private static string BankOfSix() => new JsonObject
    {
        ["draw"] = 3,
        ["questions"] = new JsonArray(Enumerable.Range(1, 6).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"b{i}",
            ["kind"] = "true-false",
            ["prompt"] = new JsonObject { ["zhCN"] = $"第 {i} 题：{(i % 2 == 1 ? "共享须依法授权" : "共享无须留痕")}。", ["en"] = $"Question {i}." },
            ["answer"] = new JsonArray(i % 2 == 1 ? "true" : "false"),
            ["explanation"] = new JsonObject { ["zhCN"] = "共享须依法授权并留痕。", ["en"] = "Sharing is authorised and logged." },
        }).ToArray()),
    }.ToJsonString();
}

/// <summary>
/// Issue #12, hole 6: a learner tanks the pre-test and retries the post-test with the per-question feedback to maximise
/// the learning-gain reward. The gain is the first post-test attempt's, the pre-test has a minimum time, and a retry
/// of a bank draws other questions.
/// </summary>
public sealed class LearningGainGamingTests(LearningGainFixture fixture) : IClassFixture<LearningGainFixture>
{
    private static readonly object[] PreTestAllWrong =
    [
        new { questionId = "p1", choices = new[] { "a" } }, new { questionId = "p2", choices = new[] { "true" } },
        new { questionId = "p3", choices = new[] { "c" } },
    ];

    private static object[] PostTest(int right) =>
    [
        new { questionId = "q1", choices = right >= 1 ? new[] { "b" } : ["a"] },
        new { questionId = "q2", choices = right >= 2 ? new[] { "a", "b" } : ["c"] },
        new { questionId = "q3", text = right >= 3 ? "最小必要" : "不知道" },
    ];

    private ContentScenario Scenario => new(fixture.Server);

    [Fact]
    public async Task a_tanked_pre_test_and_a_post_test_retried_after_feedback_earn_the_gain_of_the_first_attempt_only()
    {
        var (learner, client) = await TankedPreTest();

        var first = (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "POST_TEST", PostTest(1))).AssertNoErrors();
        Assert.False(first.Data!["submitAnswers"]!["testOutcome"]!["passed"]!.GetValue<bool>());
        var retry = (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "POST_TEST", PostTest(3))).AssertNoErrors();

        var progress = retry.Data!["submitAnswers"]!["testOutcome"]!["progress"]!;
        Assert.Equal(100, progress["postTestScore"]!.GetValue<double>());       // the retry counts for passing …
        Assert.Equal(0.333, progress["learningGain"]!.GetValue<double>(), 3);    // … but the gain is 0 → 33.3, not 0 → 100
        var rules = await RulesOf(learner);
        Assert.Contains("passed", rules);
        Assert.DoesNotContain("learning-gain", rules);
        Assert.DoesNotContain("badge.big-gain", rules);
    }

    [Fact]
    public async Task a_post_test_retried_after_a_pass_earns_no_second_gain_reward()
    {
        var (learner, client) = await TankedPreTest();

        (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "POST_TEST", PostTest(2))).AssertNoErrors();
        (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "POST_TEST", PostTest(3))).AssertNoErrors();

        var gains = (await new Infrastructure.Scenario(fixture.Server.Client).FullLedgerAsync(learner))
            .Where(e => e["ruleId"]?.GetValue<string>() == "learning-gain").ToList();
        // 0 → 66.7 on the first attempt: a gain of 0.667 × 50 points; the retry's 100 adds nothing to it.
        Assert.Equal(33, Assert.Single(gains)["amount"]!.GetValue<int>());
        var progress = (await client.QueryAsync("query($p: ID!) { packageProgress(packageId: $p) { postTestScore learningGain postTestAttempts } }",
            new { p = LearningGainFixture.GainPackage }))["packageProgress"]!;
        Assert.Equal((100.0, 2), (progress["postTestScore"]!.GetValue<double>(), progress["postTestAttempts"]!.GetValue<int>()));
        Assert.Equal(0.667, progress["learningGain"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task a_pre_test_submitted_before_its_minimum_time_is_refused_and_can_be_taken_properly_later()
    {
        var (_, client) = await Scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(client, LearningGainFixture.GainPackage);

        // Not even served yet: the time on it has not begun.
        (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "PRE_TEST", PreTestAllWrong)).AssertError("TOO_SOON");
        await Questions(client, LearningGainFixture.GainPackage, "preTest");
        var tooSoon = await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "PRE_TEST", PreTestAllWrong);
        tooSoon.AssertError("TOO_SOON");
        Assert.Contains("15 seconds", tooSoon.FirstUserError!["message"]!.GetValue<string>());
        // Serving it again does not restart the time, and the refused attempts recorded nothing.
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await Questions(client, LearningGainFixture.GainPackage, "preTest");
        (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "PRE_TEST", PreTestAllWrong)).AssertError("TOO_SOON");
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var taken = (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "PRE_TEST", PreTestAllWrong)).AssertNoErrors();
        Assert.Equal(0, taken.Data!["submitAnswers"]!["testOutcome"]!["progress"]!["preTestScore"]!.GetValue<double>());
    }

    [Fact]
    public async Task a_post_test_retry_draws_other_questions_from_the_bank_and_only_drawn_questions_may_be_answered()
    {
        var (_, client) = await Scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(client, LearningGainFixture.BankPackage);

        var first = await Questions(client, LearningGainFixture.BankPackage, "postTest");
        Assert.Equal(3, first.Count);
        Assert.Equal(first, await Questions(client, LearningGainFixture.BankPackage, "postTest"));   // the same until submitted
        var undrawn = Enumerable.Range(1, 6).Select(i => $"b{i}").Except(first).First();
        (await ContentScenario.SubmitAsync(client, LearningGainFixture.BankPackage, "POST_TEST", Answers([.. first, undrawn])))
            .AssertError("BAD_USER_INPUT");

        var graded = (await ContentScenario.SubmitAsync(client, LearningGainFixture.BankPackage, "POST_TEST", Answers(first))).AssertNoErrors();
        Assert.Equal((100.0, 3), (graded.Data!["submitAnswers"]!["testOutcome"]!["score"]!.GetValue<double>(), graded.Data["submitAnswers"]!["testOutcome"]!["total"]!.GetValue<int>()));
        Assert.Equal(first.Order(), graded.Data["submitAnswers"]!["testOutcome"]!["feedback"]!.AsArray().Select(f => f!["questionId"]!.GetValue<string>()).Order());

        var retry = await Questions(client, LearningGainFixture.BankPackage, "postTest");
        Assert.Equal(3, retry.Count);
        Assert.Empty(retry.Intersect(first));
        // The first attempt's questions, with their feedback learned, are not this attempt's.
        (await ContentScenario.SubmitAsync(client, LearningGainFixture.BankPackage, "POST_TEST", Answers(first))).AssertError("BAD_USER_INPUT");
        (await ContentScenario.SubmitAsync(client, LearningGainFixture.BankPackage, "POST_TEST", Answers(retry))).AssertNoErrors();
    }

    /// <summary>A learner who opened the pre-test, waited its minimum time, and answered every question wrong.</summary>
    private async Task<(string Learner, GraphQLClient Client)> TankedPreTest()
    {
        var (learner, client) = await Scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(client, LearningGainFixture.GainPackage);
        await Questions(client, LearningGainFixture.GainPackage, "preTest");
        fixture.Clock.Advance(TimeSpan.FromSeconds(16));
        var pre = (await ContentScenario.SubmitAsync(client, LearningGainFixture.GainPackage, "PRE_TEST", PreTestAllWrong)).AssertNoErrors();
        Assert.Equal(0, pre.Data!["submitAnswers"]!["testOutcome"]!["score"]!.GetValue<double>());
        return (learner, client);
    }

    private static async Task<List<string>> Questions(GraphQLClient client, string packageId, string field) =>
        (await client.QueryAsync($"query($p: ID!) {{ {field}(packageId: $p) {{ id }} }}", new { p = packageId }))[field]!.AsArray()
            .Select(q => q!["id"]!.GetValue<string>()).ToList();

    /// <summary>The right answers of the bank's questions (the odd ones are true).</summary>
    private static object[] Answers(IEnumerable<string> ids) =>
        ids.Select(id => (object)new { questionId = id, choices = new[] { int.Parse(id[1..]) % 2 == 1 ? "true" : "false" } }).ToArray();

    private async Task<List<string>> RulesOf(string learner) =>
        (await new Infrastructure.Scenario(fixture.Server.Client).FullLedgerAsync(learner)).Select(e => e["ruleId"]?.GetValue<string>() ?? "").ToList();
}
