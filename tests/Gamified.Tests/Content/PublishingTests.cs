using System.IO.Compression;
using System.Text;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gamified.Tests.Content;

/// <summary>Authors publish through GraphQL; versions are kept and pinned; a refused upload changes nothing.</summary>
public sealed class PublishingTests(LargeUploadServerFixture fixture) : IClassFixture<LargeUploadServerFixture>
{
    private static Dictionary<string, string?> Variant(string id, string version, string? lessonText = null)
    {
        var changes = new Dictionary<string, string?>
        {
            ["manifest.json"] = SamplePackage.Text("manifest.json").Replace("\"test.sample.basics\"", $"\"{id}\"").Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\""),
        };
        if (lessonText is not null) changes["lessons/case.zh-CN.sbn"] = $"<h1>{{{{ lesson.title }}}}</h1><p>{lessonText}</p>";
        return changes;
    }

    [Fact]
    public async Task a_learner_who_started_a_version_finishes_on_it_while_new_starts_get_the_newest_not_retired()
    {
        var server = fixture.Server;
        var scenario = new ContentScenario(server);
        var author = server.ClientAs("author-wang", [Roles.Author]);
        var id = "test.pinned." + Guid.NewGuid().ToString("n")[..8];

        var first = await ContentScenario.PublishAsync(author, SamplePackage.Zip(Variant(id, "1.0.0", "第一版内容")));
        Assert.Empty(first["userErrors"]!.AsArray());
        Assert.Equal("author-wang", first["package"]!["owner"]!.GetValue<string>());
        var (_, early) = await scenario.NewLearnerAsync();
        await ContentScenario.StartAsync(early, id);

        Assert.Empty((await ContentScenario.PublishAsync(author, SamplePackage.Zip(Variant(id, "1.1.0", "第二版内容"))))["userErrors"]!.AsArray());
        var (_, late) = await scenario.NewLearnerAsync();
        Assert.Equal("1.1.0", (await ContentScenario.StartAsync(late, id))["version"]!.GetValue<string>());

        var earlyLesson = await ContentScenario.LessonAsync(early, id, "case");
        Assert.Equal("1.0.0", earlyLesson["version"]!.GetValue<string>());
        Assert.Contains("第一版内容", earlyLesson["html"]!.GetValue<string>());
        Assert.Contains("第二版内容", (await ContentScenario.LessonAsync(late, id, "case"))["html"]!.GetValue<string>());

        var retired = await author.QueryAsync("mutation($id: ID!) { retirePackageVersion(packageId: $id, version: \"1.1.0\") { package { retired versions { version retired } } userErrors { code message field } } }", new { id });
        Assert.True(retired["retirePackageVersion"]!["package"]!["retired"]!.GetValue<bool>());
        var (_, afterRetire) = await scenario.NewLearnerAsync();
        Assert.Equal("1.0.0", (await ContentScenario.StartAsync(afterRetire, id))["version"]!.GetValue<string>());
        Assert.Contains("第二版内容", (await ContentScenario.LessonAsync(late, id, "case"))["html"]!.GetValue<string>());
    }

    [Fact]
    public async Task only_the_owner_publishes_the_next_version_and_a_version_is_published_once()
    {
        var server = fixture.Server;
        var owner = server.ClientAs("author-li", [Roles.Author]);
        var other = server.ClientAs("author-zhao", [Roles.Author]);
        var id = "test.owned." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(owner, SamplePackage.Zip(Variant(id, "1.0.0"))))["userErrors"]!.AsArray());

        var stolen = await ContentScenario.PublishAsync(other, SamplePackage.Zip(Variant(id, "2.0.0")));
        var again = await ContentScenario.PublishAsync(owner, SamplePackage.Zip(Variant(id, "1.0.0")));
        var retireByOther = await other.PostAsync("mutation($id: ID!) { retirePackageVersion(packageId: $id, version: \"1.0.0\") { package { retired } userErrors { code message field } } }", new { id });

        Assert.Equal("NOT_OWNER", stolen["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Null(stolen["package"]);
        Assert.Equal("VERSION_EXISTS", again["userErrors"]![0]!["code"]!.GetValue<string>());
        retireByOther.AssertError("FORBIDDEN");
        var learner = server.ClientAs("reader", [Roles.Learner]);
        (await learner.PostAsync("mutation($input: PublishPackageInput!) { publishPackage(input: $input) { userErrors { code } } }",
            new { input = new { archiveBase64 = Convert.ToBase64String(SamplePackage.Zip(Variant(id, "3.0.0"))) } })).AssertError("FORBIDDEN");
        var versions = await owner.QueryAsync("query($id: ID!) { package(id: $id) { version versions { version } } }", new { id });
        Assert.Equal("1.0.0", versions["package"]!["version"]!.GetValue<string>());
        Assert.Single(versions["package"]!["versions"]!.AsArray());
    }

    [Fact]
    public async Task a_broken_new_version_is_refused_whole_and_the_old_one_keeps_serving()
    {
        var (server, storage) = (fixture.Server, (SqliteStorage)fixture.Storage);
        var author = server.ClientAs("author-chen", [Roles.Author]);
        var id = "test.atomic." + Guid.NewGuid().ToString("n")[..8];
        Assert.Empty((await ContentScenario.PublishAsync(author, SamplePackage.Zip(Variant(id, "1.0.0"))))["userErrors"]!.AsArray());

        var broken = Variant(id, "1.1.0");
        broken["lessons/case.zh-CN.sbn"] = "<h1>{{ lesson.title }}</h1>\n<p>{{ for x in }}</p>";
        var refused = await ContentScenario.PublishAsync(author, SamplePackage.Zip(broken));

        var error = refused["userErrors"]![0]!;
        Assert.Equal("TEMPLATE_SYNTAX", error["code"]!.GetValue<string>());
        Assert.Equal("lessons/case.zh-CN.sbn", error["path"]!.GetValue<string>());
        Assert.Equal(2, error["line"]!.GetValue<int>());
        Assert.Null(refused["package"]);
        var current = await author.QueryAsync("query($id: ID!) { package(id: $id) { version versions { version } } }", new { id });
        Assert.Equal("1.0.0", current["package"]!["version"]!.GetValue<string>());
        Assert.Equal(1L, await StoredVersions(storage, id));
    }

    /// <summary>
    /// Each hostile archive by name; built inside the test, because theory data is serialised at discovery
    /// and megabytes of it would be copied for every run.
    /// </summary>
    internal static byte[] HostileArchive(string name)
    {
        var sample = SamplePackage.Files();
        Dictionary<string, byte[]> With(string path, byte[] bytes) => new(sample) { [path] = bytes };
        var noise = new byte[6 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        return name switch
        {
            "zip-bomb" => SamplePackage.Zip(With("assets/bomb.txt", new byte[4 * 1024 * 1024])),
            "zip-slip" => SamplePackage.Zip(With("../../evil.sbn", "{{ 1 }}"u8.ToArray())),
            "absolute-path" => SamplePackage.Zip(With("/etc/cron.d/evil.txt", "x"u8.ToArray())),
            "dll" => SamplePackage.Zip(With("tools/run.dll", [0x4d, 0x5a])),
            "html" => SamplePackage.Zip(With("lessons/page.html", "<script>x</script>"u8.ToArray())),
            "oversize-file" => SamplePackage.Zip(With("assets/huge.png", noise)),
            "not-a-zip" => "this is not a zip archive"u8.ToArray(),
            "oversize-archive" => new byte[11 * 1024 * 1024],
            "too-many-files" => SamplePackage.Zip(new Dictionary<string, byte[]>(sample.Concat(
                Enumerable.Range(0, 600).Select(i => KeyValuePair.Create($"assets/n{i}.txt", new[] { (byte)'x' }))))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Fact]
    public async Task a_published_package_survives_a_restart_on_postgres()
    {
        var storage = await ServerStorage.NewPostgresAsync();
        var id = "test.durable." + Guid.NewGuid().ToString("n")[..8];
        string learner;
        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var author = server.ClientAs("author-pg", [Roles.Author]);
            Assert.Empty((await ContentScenario.PublishAsync(author, SamplePackage.Zip(Variant(id, "1.0.0", "持久化内容"))))["userErrors"]!.AsArray());
            (learner, var client) = await new ContentScenario(server).NewLearnerAsync();
            await ContentScenario.StartAsync(client, id);
        }

        await using (var server = await GamifiedServer.StartAsync(storage))
        {
            var client = server.ClientAs(learner, [Roles.Learner]);
            Assert.Contains("持久化内容", (await ContentScenario.LessonAsync(client, id, "case"))["html"]!.GetValue<string>());
            var listed = await client.QueryAsync("query($id: ID!) { package(id: $id) { version owner } }", new { id });
            Assert.Equal("author-pg", listed["package"]!["owner"]!.GetValue<string>());
        }
    }

    internal static async Task<long> StoredVersions(SqliteStorage storage, string? id)
    {
        await using var connection = new SqliteConnection($"Data Source={storage.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM content_packages WHERE @id IS NULL OR package_id = @id", connection);
        command.Parameters.AddWithValue("id", (object?)id ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Hostile archives, each refused whole: the server they share stays empty, so after every refusal nothing at all may be
/// stored (a server that kept any part of one fails that case, and the cases after it).
/// </summary>
public sealed class HostileUploadTests(LargeUploadServerFixture fixture) : IClassFixture<LargeUploadServerFixture>
{
    [Theory]
    [InlineData("zip-bomb", "COMPRESSION_RATIO")]
    [InlineData("zip-slip", "UNSAFE_PATH")]
    [InlineData("absolute-path", "UNSAFE_PATH")]
    [InlineData("dll", "FILE_TYPE_NOT_ALLOWED")]
    [InlineData("html", "FILE_TYPE_NOT_ALLOWED")]
    [InlineData("oversize-file", "FILE_TOO_LARGE")]
    [InlineData("not-a-zip", "NOT_A_ZIP")]
    [InlineData("oversize-archive", "PACKAGE_TOO_LARGE")]
    [InlineData("too-many-files", "TOO_MANY_ENTRIES")]
    public async Task a_hostile_upload_is_refused_and_nothing_is_stored(string archive, string code)
    {
        var (server, storage) = (fixture.Server, (SqliteStorage)fixture.Storage);
        var author = server.ClientAs("author-hostile", [Roles.Author]);

        var refused = await ContentScenario.PublishAsync(author, PublishingTests.HostileArchive(archive));

        Assert.Contains(refused["userErrors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == code);
        Assert.Null(refused["package"]);
        Assert.Equal(0L, await PublishingTests.StoredVersions(storage, null));
        Assert.Empty((await author.QueryAsync("{ packages { id } }"))["packages"]!.AsArray());
    }
}
