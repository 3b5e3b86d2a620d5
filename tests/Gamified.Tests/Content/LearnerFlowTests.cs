using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

public sealed class SampleContentFixture : IAsyncLifetime
{
    public GamifiedServer Server { get; private set; } = null!;
    public string ContentDirectory { get; } = ContentScenario.NewContentDirectory(("sample", null));

    public async Task InitializeAsync() =>
        Server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={ContentDirectory}");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A learner takes a package over GraphQL: lessons, pre-test, post-test, completion, rewards.</summary>
public sealed class LearnerFlowTests(SampleContentFixture fixture) : IClassFixture<SampleContentFixture>
{
    private const string PackageId = "test.sample.basics";
    private ContentScenario Scenario => new(fixture.Server);

    [Fact]
    public async Task a_learner_takes_a_package_from_start_to_completion_and_the_ledger_explains_every_award()
    {
        var (learner, client) = await Scenario.NewLearnerAsync();
        // The package's challenge and badge are proposals until approved for the version (see FairPlay/AuthorRewardsTests).
        (await fixture.Server.Client.PostAsync("""
            mutation($input: ApprovePackageRewardsInput!) { approvePackageRewards(input: $input) { package { id } userErrors { code message field } } }
            """, new { input = new { packageId = PackageId, version = "1.0.0", challengeIds = new[] { $"{PackageId}.finish" },
            badgeIds = new[] { $"{PackageId}.sample-graduate" } } })).AssertNoErrors();

        var catalogue = await client.QueryAsync("{ packages { id version title { zhCN en } lessons { id kind } moveOn masteryScore isStale } }");
        var listed = catalogue["packages"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == PackageId)!;
        Assert.Equal("1.0.0", listed["version"]!.GetValue<string>());
        Assert.Equal(2, listed["lessons"]!.AsArray().Count);

        Assert.Equal("1.0.0", (await ContentScenario.StartAsync(client, PackageId))["version"]!.GetValue<string>());
        foreach (var lesson in new[] { "welcome", "case" })
        {
            var rendered = await ContentScenario.LessonAsync(client, PackageId, lesson);
            Assert.DoesNotContain("<script", rendered["html"]!.GetValue<string>());
            await client.QueryAsync("mutation($p: ID!, $l: ID!) { completeLesson(packageId: $p, lessonId: $l) { packageProgress { viewedLessons } userErrors { code message field } } }", new { p = PackageId, l = lesson });
        }

        var pre = (await ContentScenario.SubmitAsync(client, PackageId, "PRE_TEST", new object[]
        {
            new { questionId = "p1", choices = new[] { "b" } }, new { questionId = "p2", choices = new[] { "true" } },
            new { questionId = "p3", choices = new[] { "a" } },
        })).AssertNoErrors().Data!["submitAnswers"]!["testOutcome"]!;
        Assert.Equal(33.3, pre["score"]!.GetValue<double>());
        Assert.False(pre["feedback"]![1]!["correct"]!.GetValue<bool>());
        Assert.Contains("授权", pre["feedback"]![1]!["explanation"]!.GetValue<string>());

        var post = (await ContentScenario.SubmitAsync(client, PackageId, "POST_TEST", new object[]
        {
            new { questionId = "q1", choices = new[] { "b" } }, new { questionId = "q2", choices = new[] { "a", "b" } },
            new { questionId = "q3", text = "最小必要" },
        })).AssertNoErrors().Data!["submitAnswers"]!["testOutcome"]!;
        Assert.Equal(100, post["score"]!.GetValue<double>());
        Assert.True(post["passed"]!.GetValue<bool>());
        Assert.True(post["progress"]!["completed"]!.GetValue<bool>());
        Assert.Equal(1.0, post["progress"]!["learningGain"]!.GetValue<double>(), 6);

        var admin = new Scenario(fixture.Server.Client);
        var profile = await admin.LearnerAsync(learner);
        // 2 lessons × 10 + pre-test answered 1 + post-test passed 20 + learning gain 1.0 × 50 + package completed 10
        // + challenge 25 (first winner); 101 XP reached level 2 on the way.
        Assert.Equal(126, profile["xp"]!.GetValue<int>());
        Assert.Equal(2, profile["level"]!["number"]!.GetValue<int>());
        Assert.Contains(profile["badges"]!.AsArray(), b => b!["badgeId"]!.GetValue<string>() == "test.sample.basics.sample-graduate");
        var challenge = profile["challengesCompleted"]!.AsArray().Single()!;
        Assert.Equal("test.sample.basics.finish", challenge["challengeId"]!.GetValue<string>());
        Assert.Equal(1, challenge["winnerRank"]!.GetValue<int>());
        var rules = (await admin.FullLedgerAsync(learner)).Select(e => e["ruleId"]!.GetValue<string>()).ToList();
        // The default scheme's badges come with the post-test that earned them: a perfect score and a gain ≥ 0.5.
        Assert.Equal(["completed", "completed", "answered", "passed", "learning-gain", "badge.perfect-score", "badge.big-gain",
            "completed", "level.2", "challenge.winner.1", "manual"], rules);
        Assert.Equal(["perfect-score", "big-gain", "test.sample.basics.sample-graduate"],
            profile["badges"]!.AsArray().Select(b => b!["badgeId"]!.GetValue<string>()));

        // Retried calls award nothing twice.
        await client.QueryAsync("mutation($p: ID!, $l: ID!) { completeLesson(packageId: $p, lessonId: $l) { packageProgress { viewedLessons } userErrors { code message field } } }", new { p = PackageId, l = "case" });
        Assert.Equal(126, (await admin.LearnerAsync(learner))["xp"]!.GetValue<int>());
    }

    [Fact]
    public async Task answer_keys_never_reach_the_learner()
    {
        var (_, client) = await Scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(client, PackageId);

        var pre = await client.PostAsync("query($p: ID!) { preTest(packageId: $p, locale: EN) { id kind prompt options { id text } } }", new { p = PackageId });
        var post = await client.PostAsync("query($p: ID!) { postTest(packageId: $p) { id kind prompt options { id text } } }", new { p = PackageId });

        pre.AssertNoErrors();
        post.AssertNoErrors();
        var text = pre.RawText() + post.RawText();
        Assert.Contains("Data travels so citizens", text);         // the options are there …
        Assert.Contains("出生医学证明", text);
        Assert.DoesNotContain("data minimisation", text);          // … but no accepted answer,
        Assert.DoesNotContain("数据源部门通过共享平台提供", text);  // … and no explanation before grading.
        Assert.DoesNotContain("Share only what is needed", text);
        Assert.DoesNotContain("\"answer\"", text, StringComparison.OrdinalIgnoreCase);
        var fields = await client.QueryAsync("{ __type(name: \"Question\") { fields { name } } }");
        Assert.Equal(["id", "kind", "options", "prompt"],
            fields["__type"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task lessons_and_tests_need_a_started_package()
    {
        var (_, client) = await Scenario.NewLearnerAsync();
        (await client.PostAsync("query($p: ID!) { lesson(packageId: $p, lessonId: \"welcome\") { html } }", new { p = PackageId }))
            .AssertError("PACKAGE_NOT_STARTED");
        (await client.PostAsync("mutation($p: ID!) { startPackage(packageId: $p) { packageProgress { version } userErrors { code message field } } }", new { p = "no.such.package" }))
            .AssertError("NOT_FOUND");
    }

    [Fact]
    public async Task the_pre_test_is_taken_once_and_the_post_test_at_most_three_times()
    {
        var (_, client) = await Scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(client, PackageId);
        var wrong = new object[] { new { questionId = "q1", choices = new[] { "a" } } };

        (await ContentScenario.SubmitAsync(client, PackageId, "PRE_TEST", new object[] { new { questionId = "p1", choices = new[] { "a" } } })).AssertNoErrors();
        (await ContentScenario.SubmitAsync(client, PackageId, "PRE_TEST", wrong)).AssertError("CONFLICT");
        for (var i = 0; i < 3; i++) (await ContentScenario.SubmitAsync(client, PackageId, "POST_TEST", wrong)).AssertNoErrors();
        (await ContentScenario.SubmitAsync(client, PackageId, "POST_TEST", wrong)).AssertError("CONFLICT");
    }

    [Fact]
    public async Task a_learner_rates_a_version_once_and_the_owner_reads_the_feedback()
    {
        var (_, client) = await Scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(client, PackageId);
        const string rate = "mutation($input: RatePackageInput!) { ratePackage(input: $input) { rating { rating version } userErrors { code message field } } }";

        (await client.PostAsync(rate, new { input = new { packageId = PackageId, rating = 4, comment = "案例贴近实际工作" } })).AssertNoErrors();
        (await client.PostAsync(rate, new { input = new { packageId = PackageId, rating = 5 } })).AssertError("CONFLICT");
        (await client.PostAsync(rate, new { input = new { packageId = PackageId, rating = 9 } })).AssertError("BAD_USER_INPUT");

        var feedback = await fixture.Server.Client.QueryAsync("query($id: ID!) { package(id: $id) { feedback { count averageRating ratings { comment } } learningGain { learners } } }",
            new { id = PackageId });
        Assert.True(feedback["package"]!["feedback"]!["count"]!.GetValue<int>() >= 1);
        Assert.Contains(feedback["package"]!["feedback"]!["ratings"]!.AsArray(), r => r!["comment"]?.GetValue<string>() == "案例贴近实际工作");
        (await client.PostAsync("query($id: ID!) { package(id: $id) { feedback { count } } }", new { id = PackageId })).AssertError("FORBIDDEN");
        var stranger = fixture.Server.ClientAs("another-author", [Gamified.Api.Security.Roles.Author]);
        (await stranger.PostAsync("query($id: ID!) { package(id: $id) { feedback { count } } }", new { id = PackageId })).AssertError("FORBIDDEN");
    }

    [Fact]
    public async Task package_images_are_served_sandboxed_and_question_files_are_not_served_at_all()
    {
        using var image = await fixture.Server.Anonymous.Http.GetAsync($"/packages/{PackageId}/1.0.0/files/assets/badge.svg");
        using var answers = await fixture.Server.Anonymous.Http.GetAsync($"/packages/{PackageId}/1.0.0/files/tests/post-test.json");
        using var escape = await fixture.Server.Anonymous.Http.GetAsync($"/packages/{PackageId}/1.0.0/files/..%2F..%2Fmanifest.json");

        Assert.True(image.IsSuccessStatusCode);
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sandbox", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, answers.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, escape.StatusCode);
    }
}
