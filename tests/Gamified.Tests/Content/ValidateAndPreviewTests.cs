using System.Text.Json.Nodes;
using Gamified.Api.Security;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

/// <summary>An author checks and previews an upload on the server before publishing it; nothing is stored until they publish.</summary>
public sealed class ValidateAndPreviewTests(LargeUploadServerFixture fixture) : IClassFixture<LargeUploadServerFixture>
{
    private GamifiedServer Server => fixture.Server;

    private const string Validate = """
        query($zip: String!) {
          validatePackage(archiveBase64: $zip) {
            valid problems { code path line column message }
            package { id version title { zhCN en } lessons { id kind title { zhCN } } preTestQuestions postTestQuestions }
          }
        }
        """;

    private const string Preview = """
        query($zip: String!, $lesson: ID!, $locale: Locale) {
          previewPackageLesson(archiveBase64: $zip, lessonId: $lesson, locale: $locale) { packageId version lessonId kind title html }
        }
        """;

    private static Dictionary<string, string?> Package(string id, string? caseLesson = null)
    {
        var changes = new Dictionary<string, string?> { ["manifest.json"] = SamplePackage.Text("manifest.json").Replace("\"test.sample.basics\"", $"\"{id}\"") };
        if (caseLesson is not null) changes["lessons/case.zh-CN.sbn"] = caseLesson;
        return changes;
    }

    private static string Zip(Dictionary<string, string?> changes) => Convert.ToBase64String(SamplePackage.Zip(changes));

    [Fact]
    public async Task a_broken_upload_is_checked_with_file_line_and_column_and_nothing_is_published()
    {
        var server = Server;
        var author = server.ClientAs("author-check", [Roles.Author]);
        var id = "test.check." + Guid.NewGuid().ToString("n")[..8];
        var zip = Zip(Package(id, "<h1>{{ lesson.title }}</h1>\n<p>{{ for x in }}</p>"));

        var check = (await author.QueryAsync(Validate, new { zip }))["validatePackage"]!;

        Assert.False(check["valid"]!.GetValue<bool>());
        Assert.Null(check["package"]);
        var problem = check["problems"]!.AsArray().First()!;
        Assert.Equal(("TEMPLATE_SYNTAX", "lessons/case.zh-CN.sbn", 2), (problem["code"]!.GetValue<string>(), problem["path"]!.GetValue<string>(), problem["line"]!.GetValue<int>()));
        Assert.True(problem["column"]!.GetValue<int>() > 1);
        (await author.PostAsync(Preview, new { zip, lesson = "case" })).AssertError("PACKAGE_INVALID");
        Assert.Null((await author.QueryAsync("query($id: ID!) { package(id: $id) { id } }", new { id }))["package"]);
    }

    [Fact]
    public async Task a_valid_upload_is_previewed_lesson_by_lesson_in_the_sandbox_and_published_only_when_asked()
    {
        var server = Server;
        var author = server.ClientAs("author-preview", [Roles.Author]);
        var id = "test.preview." + Guid.NewGuid().ToString("n")[..8];
        var zip = Zip(Package(id));

        var check = (await author.QueryAsync(Validate, new { zip }))["validatePackage"]!;
        Assert.True(check["valid"]!.GetValue<bool>());
        Assert.Empty(check["problems"]!.AsArray());
        var summary = check["package"]!;
        Assert.Equal((id, "1.0.0", "测试用样例课程包"), (summary["id"]!.GetValue<string>(), summary["version"]!.GetValue<string>(), summary["title"]!["zhCN"]!.GetValue<string>()));
        Assert.Equal(["welcome", "case"], summary["lessons"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()));

        var welcome = (await author.QueryAsync(Preview, new { zip, lesson = "welcome" }))["previewPackageLesson"]!;
        Assert.Equal((id, "1.0.0", "欢迎"), (welcome["packageId"]!.GetValue<string>(), welcome["version"]!.GetValue<string>(), welcome["title"]!.GetValue<string>()));
        Assert.Contains("示例学员（示例部门），欢迎学习《测试用样例课程包》", welcome["html"]!.GetValue<string>());   // the include and the model work
        var english = (await author.QueryAsync(Preview, new { zip, lesson = "welcome", locale = "EN" }))["previewPackageLesson"]!;
        Assert.Equal("Welcome", english["title"]!.GetValue<string>());
        Assert.Contains("Sample learner", english["html"]!.GetValue<string>());
        var caseStudy = (await author.QueryAsync(Preview, new { zip, lesson = "case" }))["previewPackageLesson"]!["html"]!.GetValue<string>();
        Assert.Contains("落户申请", caseStudy);
        Assert.DoesNotContain("<script", caseStudy);   // cleaned as published lessons are
        Assert.DoesNotContain("onclick", caseStudy);
        (await author.PostAsync(Preview, new { zip, lesson = "nowhere" })).AssertError("NOT_FOUND");

        Assert.Null((await author.QueryAsync("query($id: ID!) { package(id: $id) { id } }", new { id }))["package"]);
        Assert.Empty((await ContentScenario.PublishAsync(author, Convert.FromBase64String(zip)))["userErrors"]!.AsArray());

        // Checked again, the same archive would now be refused, but its lessons can still be previewed.
        var again = (await author.QueryAsync(Validate, new { zip }))["validatePackage"]!;
        Assert.False(again["valid"]!.GetValue<bool>());
        Assert.Equal("VERSION_EXISTS", again["problems"]![0]!["code"]!.GetValue<string>());
        Assert.NotNull(again["package"]);
        var other = server.ClientAs("author-other", [Roles.Author]);
        var theirs = (await other.QueryAsync(Validate, new { zip = Zip(Package(id)) }))["validatePackage"]!;
        Assert.Equal("NOT_OWNER", theirs["problems"]![0]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-a-zip", "NOT_A_ZIP")]
    [InlineData("oversize-archive", "PACKAGE_TOO_LARGE")]
    [InlineData("zip-slip", "UNSAFE_PATH")]
    [InlineData("zip-bomb", "COMPRESSION_RATIO")]
    public async Task a_hostile_upload_is_refused_by_the_check_with_the_limits_of_publishing(string archive, string code)
    {
        var server = Server;
        var author = server.ClientAs("author-hostile", [Roles.Author]);
        var zip = Convert.ToBase64String(PublishingTests.HostileArchive(archive));

        var check = (await author.QueryAsync(Validate, new { zip }))["validatePackage"]!;

        Assert.False(check["valid"]!.GetValue<bool>());
        Assert.Contains(check["problems"]!.AsArray(), p => p!["code"]!.GetValue<string>() == code);
        (await author.PostAsync(Preview, new { zip, lesson = "welcome" })).AssertError("PACKAGE_INVALID");
        var notBase64 = (await author.QueryAsync(Validate, new { zip = "%%%" }))["validatePackage"]!;
        Assert.Equal("NOT_A_ZIP", notBase64["problems"]![0]!["code"]!.GetValue<string>());
    }
}
