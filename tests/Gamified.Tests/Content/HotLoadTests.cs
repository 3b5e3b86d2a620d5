using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

/// <summary>The content directory is watched: packages added or changed on disk load without a restart.</summary>
public sealed class HotLoadTests
{
    [Fact]
    public async Task a_new_version_on_disk_loads_while_a_learner_mid_package_stays_on_the_old_one()
    {
        var directory = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={directory}");
        var scenario = new ContentScenario(server);
        const string id = "test.sample.basics";
        var (_, early) = await scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(early, id);
        await ContentScenario.LessonAsync(early, id, "welcome");

        ContentScenario.WritePackage(Path.Combine(directory, "sample"), new Dictionary<string, string?>
        {
            ["manifest.json"] = SamplePackage.Manifest("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\""),
            ["lessons/case.zh-CN.sbn"] = "<h1>{{ lesson.title }}</h1><p>热更新后的内容</p>",
        });
        await Eventually(async () => (await server.Client.QueryAsync("{ package(id: \"test.sample.basics\") { version } }"))["package"]!["version"]!.GetValue<string>() == "1.1.0");

        Assert.Equal("1.0.0", (await ContentScenario.LessonAsync(early, id, "case"))["version"]!.GetValue<string>());
        var (_, late) = await scenario.NewLearnerAsync();
        Assert.Equal("1.1.0", (await ContentScenario.StartAsync(late, id))["version"]!.GetValue<string>());
        Assert.Contains("热更新后的内容", (await ContentScenario.LessonAsync(late, id, "case"))["html"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_package_added_to_the_directory_appears_and_a_broken_change_keeps_the_old_version()
    {
        var directory = ContentScenario.NewContentDirectory(("sample", null));
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), $"--Content:Directory={directory}");

        ContentScenario.WritePackage(Path.Combine(directory, "added"), new Dictionary<string, string?>
        {
            ["manifest.json"] = SamplePackage.Manifest("\"test.sample.basics\"", "\"test.hot.added\""),
        });
        await Eventually(async () => (await server.Client.QueryAsync("{ packages { id } }"))["packages"]!.AsArray()
            .Any(p => p!["id"]!.GetValue<string>() == "test.hot.added"));

        ContentScenario.WritePackage(Path.Combine(directory, "sample"), new Dictionary<string, string?>
        {
            ["manifest.json"] = SamplePackage.Manifest("\"version\": \"1.0.0\"", "\"version\": \"1.2.0\""),
            ["lessons/case.zh-CN.sbn"] = "{{ for x in }}",
        });
        await LoaderCaughtUp(server, directory);
        var current = await server.Client.QueryAsync("{ package(id: \"test.sample.basics\") { version } }");
        Assert.Equal("1.0.0", current["package"]!["version"]!.GetValue<string>());
    }

    private static Task Eventually(Func<Task<bool>> condition) => Poll.Until(condition, "the change on disk was picked up");

    /// <summary>
    /// Returns once the loader has handled every change written before: a marker package written now loads after them.
    /// Written twice, because the loader imports the folders of one burst in one pass: the second marker is only seen
    /// after the pass that held the first (and with it any change written before it) has finished.
    /// </summary>
    private static async Task LoaderCaughtUp(GamifiedServer server, string directory)
    {
        foreach (var version in new[] { "9.0.0", "9.0.1" })
        {
            ContentScenario.WritePackage(Path.Combine(directory, "zz-marker"), new Dictionary<string, string?>
            {
                ["manifest.json"] = SamplePackage.Manifest("\"test.sample.basics\"", "\"test.hot.marker\"")
                    .Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\""),
            });
            await Eventually(async () => (await server.Client.QueryAsync("{ package(id: \"test.hot.marker\") { version } }"))["package"]?["version"]?.GetValue<string>() == version);
        }
    }
}
