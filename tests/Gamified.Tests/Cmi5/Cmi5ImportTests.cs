using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Cmi5;

/// <summary>
/// cmi5 courses come in through publishPackage like our own packages: the same archive limits, every problem of
/// cmi5.xml reported with its line and column, versions kept, retired and pinned. Run on both storages.
/// </summary>
public abstract class Cmi5ImportTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private static string NewId() => "test.cmi5." + Guid.NewGuid().ToString("n")[..8];

    [Fact]
    public async Task a_cmi5_course_publishes_as_a_package_of_kind_cmi5_and_is_versioned_retired_and_pinned_like_the_others()
    {
        var author = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        var id = NewId();
        Assert.Empty((await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(id)))["userErrors"]!.AsArray());

        var package = (await author.QueryAsync("""
            query($id: ID!) { package(id: $id) { kind title { zhCN en } lessons { id }
              assignableUnits { id title { zhCN en } moveOn masteryScore launchMethod activityType } } }
            """, new { id }))["package"]!;
        Assert.Equal("CMI5", package["kind"]!.GetValue<string>());
        Assert.Equal("一网通办：让数据多跑路，群众少跑腿", package["title"]!["zhCN"]!.GetValue<string>());
        Assert.Empty(package["lessons"]!.AsArray());
        var units = package["assignableUnits"]!.AsArray();
        Assert.Equal([Cmi5Sample.ReadingAu, Cmi5Sample.QuizAu], units.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal("CompletedAndPassed", units[1]!["moveOn"]!.GetValue<string>());
        Assert.Equal(0.6, units[1]!["masteryScore"]!.GetValue<double>());
        Assert.Null(units[0]!["masteryScore"]);
        Assert.Equal("Quiz: the limits of data sharing", units[1]!["title"]!["en"]!.GetValue<string>());

        // A learner who starts 1.0.0 stays on it after 1.1.0 comes; retiring 1.1.0 sends new starts back to 1.0.0.
        var (_, early) = await new ContentScenario(Server).NewLearnerAsync();
        Assert.Equal("1.0.0", (await ContentScenario.StartAsync(early, id))["version"]!.GetValue<string>());
        Assert.Empty((await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(id, "1.1.0")))["userErrors"]!.AsArray());
        var (_, late) = await new ContentScenario(Server).NewLearnerAsync();
        Assert.Equal("1.1.0", (await ContentScenario.StartAsync(late, id))["version"]!.GetValue<string>());
        Assert.Equal("1.0.0", (await early.QueryAsync("query($id: ID!) { packageProgress(packageId: $id) { version } }", new { id }))
            ["packageProgress"]!["version"]!.GetValue<string>());
        await author.QueryAsync("mutation($id: ID!) { retirePackageVersion(packageId: $id, version: \"1.1.0\") { package { retired } } }", new { id });
        var (_, afterRetire) = await new ContentScenario(Server).NewLearnerAsync();
        Assert.Equal("1.0.0", (await ContentScenario.StartAsync(afterRetire, id))["version"]!.GetValue<string>());

        // Our lessons and tests do not apply to a cmi5 course: it is taken through its AUs.
        (await early.PostAsync("query($id: ID!) { lesson(packageId: $id, lessonId: \"reading\") { html } }", new { id }))
            .AssertError("WRONG_PACKAGE_KIND");
    }

    public static TheoryData<string, string, string, int> BrokenStructures() => new()
    {
        { "</courseStructure>", "</courseStructur>", "XML_SYNTAX", 38 },
        { "<url>au/reading.html</url>", "", "MISSING_FIELD", 14 },
        { "<url>au/reading.html</url>", "<url>../reading.html</url>", "UNSAFE_PATH", 24 },
        { "<url>au/reading.html</url>", "<url>https://elsewhere.example/reading.html</url>", "UNSAFE_PATH", 24 },
        { "<url>au/quiz.html</url>", "<url>au/missing.html</url>", "MISSING_FILE", 36 },
        { "masteryScore=\"0.6\"", "masteryScore=\"1.5\"", "INVALID_VALUE", 26 },
        { "moveOn=\"Completed\" ", "moveOn=\"Finished\" ", "INVALID_VALUE", 14 },
        { "<!DOCTYPE", "", "XML_SYNTAX", 2 },
    };

    [Theory]
    [MemberData(nameof(BrokenStructures))]
    public async Task a_course_structure_with_a_problem_is_refused_with_its_line_and_nothing_is_published(string find, string replace,
        string code, int line)
    {
        var author = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        var id = NewId();
        // A DTD is refused outright (no entities, no external fetches): put one on line 2 for that case.
        var structure = find == "<!DOCTYPE"
            ? Cmi5Sample.Text("cmi5.xml").Replace("?>\n", "?>\n<!DOCTYPE courseStructure [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n")
            : Cmi5Sample.Structure(find, replace);

        var refused = await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(id, changes: new Dictionary<string, string?> { ["cmi5.xml"] = structure }));

        var error = refused["userErrors"]!.AsArray().First(e => e!["code"]!.GetValue<string>() == code)!;
        Assert.Equal("cmi5.xml", error["path"]!.GetValue<string>());
        Assert.True(line == error["line"]!.GetValue<int>(), error.ToJsonString());
        Assert.Null(refused["package"]);
        Assert.Null((await author.QueryAsync("query($id: ID!) { package(id: $id) { id } }", new { id }))["package"]);
    }

    [Fact]
    public async Task a_course_is_held_to_the_archive_limits_and_may_carry_web_files_but_no_programs()
    {
        var author = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        var withProgram = await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(NewId(), changes: new Dictionary<string, string?> { ["au/setup.exe"] = "MZ" }));
        Assert.Equal("FILE_TYPE_NOT_ALLOWED", withProgram["userErrors"]![0]!["code"]!.GetValue<string>());
        var escaping = await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(NewId(), changes: new Dictionary<string, string?> { ["../au/evil.js"] = "1" }));
        Assert.Equal("UNSAFE_PATH", escaping["userErrors"]![0]!["code"]!.GetValue<string>());
        var lessonsInManifest = await ContentScenario.PublishAsync(author, Cmi5Sample.Zip(NewId(), changes: new Dictionary<string, string?>
        {
            ["manifest.json"] = Cmi5Sample.Text("manifest.json").Replace("\"reviewBy\"", "\"lessons\": [], \"reviewBy\""),
        }));
        Assert.Equal("INVALID_VALUE", lessonsInManifest["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("manifest.json", lessonsInManifest["userErrors"]![0]!["path"]!.GetValue<string>());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class Cmi5ImportTestsOnSqlite(SqliteServerFixture fixture) : Cmi5ImportTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class Cmi5ImportTestsOnPostgres(PostgresServerFixture fixture) : Cmi5ImportTests(fixture);
