using System.Text.Json.Nodes;
using System.Web;
using Gamified.Api.Security;
using Gamified.Plugins.Cmi5;
using Gamified.Tests.Content;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Cmi5;

/// <summary>
/// A cmi5 zip as an authoring tool exports it (no manifest.json, files nested, blocks in blocks, objectives, an OwnWindow
/// AU with a query string) publishes as it is: the catalogue facts come from cmi5.xml and the publish request. Run on both
/// storages.
/// </summary>
public abstract class Cmi5ToolExportTests(ServerFixture fixture)
{
    private GamifiedServer Server => fixture.Server;

    private const string PackageFields = "id version owner kind title { zhCN en } authors licence tags estimatedMinutes reviewBy "
                                         + "assignableUnits { id launchMethod moveOn masteryScore }";

    private static async Task<JsonNode> PublishAsync(GraphQLClient author, byte[] zip, object? facts = null)
    {
        var input = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(facts ?? new { }))!.AsObject();
        input["archiveBase64"] = Convert.ToBase64String(zip);
        return (await author.QueryAsync($$"""
            mutation($input: PublishPackageInput!) {
              publishPackage(input: $input) { package { {{PackageFields}} } userErrors { code message ... on PackageError { path line } } }
            }
            """, new { input }))["publishPackage"]!;
    }

    private static JsonNode Published(JsonNode answer)
    {
        Assert.True(answer["userErrors"]!.AsArray().Count == 0, answer.ToJsonString());
        return answer["package"]!;
    }

    private static JsonNode Refused(JsonNode answer, string code)
    {
        Assert.Null(answer["package"]);
        return answer["userErrors"]!.AsArray().FirstOrDefault(e => e!["code"]!.GetValue<string>() == code)
               ?? throw new Xunit.Sdk.XunitException($"No {code} in {answer.ToJsonString()}");
    }

    [Fact]
    public async Task an_export_without_a_manifest_publishes_with_facts_from_its_course_and_the_request_and_exports_of_it_are_versions()
    {
        var author = Scenario.NewId("author");
        var client = Server.ClientAs(author, [Roles.Author]);
        var course = Cmi5ToolExport.NewCourse();

        var first = Published(await PublishAsync(client, Cmi5ToolExport.Zip(course)));

        var id = first["id"]!.GetValue<string>();
        Assert.Matches("^cmi5\\.smart-permits-[0-9a-f]{8}-[0-9a-f]{8}$", id);
        Assert.Equal(Cmi5ExportManifest.PackageIdFor(course.Iri), id);
        Assert.Equal("1.0.0", first["version"]!.GetValue<string>());
        Assert.Equal(author, first["owner"]!.GetValue<string>());
        Assert.Equal("CMI5", first["kind"]!.GetValue<string>());
        Assert.Equal("智慧审批：证照“免提交”", first["title"]!["zhCN"]!.GetValue<string>());
        Assert.Equal([$"{author} (unstated)"], first["authors"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("unstated", first["licence"]!.GetValue<string>());
        Assert.Equal(["cmi5"], first["tags"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(20, first["estimatedMinutes"]!.GetValue<int>());   // two AUs, ten minutes each
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains(first["reviewBy"]!.GetValue<string>(), new[] { today, today.AddDays(-1) }.Select(d => d.AddMonths(12).ToString("yyyy-MM-dd")));
        // The AUs of blocks nested in blocks, in document order, with what the tool wrote.
        var units = first["assignableUnits"]!.AsArray();
        Assert.Equal([course.PlayerAu, course.CheckAu], units.Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal("OwnWindow", units[0]!["launchMethod"]!.GetValue<string>());
        Assert.Equal("Passed", units[1]!["moveOn"]!.GetValue<string>());
        Assert.Equal(0.8, units[1]!["masteryScore"]!.GetValue<double>());

        // The next export of the same course is the next version of the same package.
        var second = Published(await PublishAsync(client, Cmi5ToolExport.Zip(course)));
        Assert.Equal(id, second["id"]!.GetValue<string>());
        Assert.Equal("1.0.1", second["version"]!.GetValue<string>());

        // What the request gives is taken as given.
        var third = Published(await PublishAsync(client, Cmi5ToolExport.Zip(course),
            new { version = "2.0.0", licence = "CC-BY-4.0", estimatedMinutes = 35, reviewBy = "2028-01-31" }));
        Assert.Equal("2.0.0", third["version"]!.GetValue<string>());
        Assert.Equal("CC-BY-4.0", third["licence"]!.GetValue<string>());
        Assert.Equal(35, third["estimatedMinutes"]!.GetValue<int>());
        Assert.Equal("2028-01-31", third["reviewBy"]!.GetValue<string>());
        Assert.Equal("2.0.1", Published(await PublishAsync(client, Cmi5ToolExport.Zip(course)))["version"]!.GetValue<string>());

        // Another author's export of the same course does not become a version of this author's package.
        var other = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        Refused(await PublishAsync(other, Cmi5ToolExport.Zip(course)), "NOT_OWNER");
    }

    public static TheoryData<string, string> RefusedRequests() => new()
    {
        { """{"version": "two"}""", "INVALID_VERSION" },
        { """{"estimatedMinutes": 0}""", "INVALID_VALUE" },
        { """{"reviewBy": "next year"}""", "INVALID_VALUE" },
        { """{"packageId": "Not.A Package"}""", "INVALID_VALUE" },
    };

    [Theory]
    [MemberData(nameof(RefusedRequests))]
    public async Task a_request_value_the_catalogue_cannot_take_is_refused_at_the_request_and_nothing_is_published(string facts, string code)
    {
        var client = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        var course = Cmi5ToolExport.NewCourse();

        var error = Refused(await PublishAsync(client, Cmi5ToolExport.Zip(course), JsonNode.Parse(facts)), code);

        Assert.Equal("input", error["path"]!.GetValue<string>());
        Assert.Null((await client.QueryAsync("query($id: ID!) { package(id: $id) { id } }",
            new { id = Cmi5ExportManifest.PackageIdFor(course.Iri) }))["package"]);
    }

    [Fact]
    public async Task request_values_for_a_package_with_its_own_manifest_and_a_structure_naming_an_undefined_objective_are_refused()
    {
        var client = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        var withManifest = await PublishAsync(client, Cmi5Sample.Zip("test.cmi5." + Guid.NewGuid().ToString("n")[..8]), new { licence = "CC0" });
        Assert.Equal("input", Refused(withManifest, "INVALID_VALUE")["path"]!.GetValue<string>());

        var course = Cmi5ToolExport.NewCourse();
        var structure = Cmi5ToolExport.Structure(course).Replace("<objectives><objective idref=\"" + course.Iri + "/objectives/e-licence\" />",
            "<objectives><objective idref=\"" + course.Iri + "/objectives/missing\" />");
        var error = Refused(await PublishAsync(client, Cmi5ToolExport.Zip(course, structure)), "INVALID_VALUE");
        Assert.Equal("cmi5.xml", error["path"]!.GetValue<string>());
        Assert.Equal(15, error["line"]!.GetValue<int>());

        var badBlock = Cmi5ToolExport.Structure(course).Replace($"<block id=\"{course.Iri}/block/module-1/lesson-1\">", "<block id=\"lesson-1\">");
        Assert.Equal(16, Refused(await PublishAsync(client, Cmi5ToolExport.Zip(course, badBlock)), "INVALID_VALUE")["line"]!.GetValue<int>());
    }

    [Fact]
    public async Task an_own_window_au_with_a_query_string_in_its_url_launches_with_the_authors_query_kept_before_the_launch_parameters()
    {
        var client = Server.ClientAs(Scenario.NewId("author"), [Roles.Author]);
        var course = Cmi5ToolExport.NewCourse();
        var id = Published(await PublishAsync(client, Cmi5ToolExport.Zip(course)))["id"]!.GetValue<string>();
        var (_, learner) = await new ContentScenario(Server).NewLearnerAsync();

        var launch = (await learner.QueryAsync("""
            mutation($p: ID!, $au: ID!) { launchAssignableUnit(packageId: $p, auId: $au) {
              assignableUnitLaunch { url launchMethod } userErrors { code message } } }
            """, new { p = id, au = course.PlayerAu }))["launchAssignableUnit"]!["assignableUnitLaunch"]!;

        Assert.Equal("OwnWindow", launch["launchMethod"]!.GetValue<string>());
        var url = new Uri(launch["url"]!.GetValue<string>());
        Assert.EndsWith($"/cmi5/content/{id}/1.0.0/res/index.html", url.AbsolutePath);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("zh-CN", query["lang"]);
        Assert.Equal("gov", query["skin"]);
        Assert.Equal(course.PlayerAu, query["activityId"]);
        Assert.NotNull(query["fetch"]);

        // The files the player page loads are served from where the tool put them.
        using var http = new HttpClient();
        using var script = await http.GetAsync(new Uri(url, "data/player.js"));
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("window.player = {};", await script.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteServerCollection.Name)]
public sealed class Cmi5ToolExportTestsOnSqlite(SqliteServerFixture fixture) : Cmi5ToolExportTests(fixture);

[Collection(PostgresServerCollection.Name)]
public sealed class Cmi5ToolExportTestsOnPostgres(PostgresServerFixture fixture) : Cmi5ToolExportTests(fixture);
