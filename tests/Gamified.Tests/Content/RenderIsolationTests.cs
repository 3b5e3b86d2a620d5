using System.Diagnostics;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

/// <summary>
/// Lesson templates render off the Orleans scheduler: many learners opening a deliberately slow (but within the
/// time limit) lesson at once do not hold up other grain calls, which answer long before the renders finish.
/// </summary>
public sealed class RenderIsolationTests
{
    private const string PackageId = "test.sample.basics";
    private const int Renders = 50;

    /// <summary>Busy work in one loop (within the loop limit) on strings (within the string limit): slow, then a short page.
    /// Slow enough to measure, far enough inside the 2 s render limit that a busy machine still finishes it.</summary>
    private const string SlowLesson = """
        <h1>{{ lesson.title }}</h1>
        {{ text = "政务服务数据共享" | string.pad_right 4000 }}{{ total = 0 }}
        {{ for i in 1..1500 }}{{ total = total + (text | string.replace "共享" "互通" | string.upcase | string.size) }}{{ end }}
        <p>{{ total > 0 ? "完成" : "" }}</p>
        """;

    [Fact]
    public async Task grain_calls_stay_fast_while_fifty_slow_lessons_render()
    {
        var content = ContentScenario.NewContentDirectory(("sample", new Dictionary<string, string?> { ["lessons/case.zh-CN.sbn"] = SlowLesson }));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={content}",
            "--RateLimits:PerUserPerMinute=10000", "--RateLimits:PerAddressPerMinute=100000");
        var scenario = new ContentScenario(server);
        var learners = new List<(string Id, GraphQLClient Client)>();
        for (var i = 0; i < Renders; i++)
        {
            var learner = await scenario.NewLearnerAsync();
            await ContentScenario.StartAsync(learner.Client, PackageId);
            learners.Add(learner);
        }

        // One render alone: the yardstick the grain call is measured against.
        var alone = Stopwatch.StartNew();
        Assert.Contains("完成", (await ContentScenario.LessonAsync(learners[0].Client, PackageId, "case"))["html"]!.GetValue<string>());
        var renderTime = alone.Elapsed;
        Assert.True(renderTime > TimeSpan.FromMilliseconds(20), $"the lesson must be slow to render for this test to mean anything ({renderTime.TotalMilliseconds:0} ms)");

        var finished = 0;
        var all = Stopwatch.StartNew();
        var renders = learners.Select(async learner =>
        {
            var response = await learner.Client.PostAsync("query($p: ID!, $l: ID!) { lesson(packageId: $p, lessonId: $l) { html } }",
                new { p = PackageId, l = "case" });
            Interlocked.Increment(ref finished);
            return response;
        }).ToList();

        var query = Stopwatch.StartNew();
        var xp = await learners[^1].Client.QueryAsync("query($id: ID!) { learner(id: $id) { xp } departments { id } }", new { id = learners[^1].Id });
        var queryTime = query.Elapsed;
        var finishedWhenAnswered = Volatile.Read(ref finished);

        Assert.Equal(0, xp["learner"]!["xp"]!.GetValue<int>());
        // Each render finished, or (on a slow machine) waited longer than the queue allows and was refused as busy.
        var outcomes = await Task.WhenAll(renders);
        Assert.All(outcomes, r => Assert.True(r.Errors is null ? r.Data!["lesson"]!["html"]!.GetValue<string>().Contains("完成") : r.FirstErrorCode == "SERVICE_UNAVAILABLE",
            r.Body?.ToJsonString()));
        Assert.Contains(outcomes, r => r.Errors is null);
        var renderingTime = all.Elapsed;
        Assert.True(finishedWhenAnswered < Renders / 2,
            $"the grain call answered after {finishedWhenAnswered} of {Renders} renders had finished ({queryTime.TotalMilliseconds:0} ms)");
        Assert.True(queryTime < renderingTime / 4,
            $"the grain call took {queryTime.TotalMilliseconds:0} ms while the renders took {renderingTime.TotalMilliseconds:0} ms");
    }
}
