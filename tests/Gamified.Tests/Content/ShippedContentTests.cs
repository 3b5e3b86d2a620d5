using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;
using Gamified.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gamified.Tests.Content;

/// <summary>
/// The packages in content/: each is valid and complete, and every lesson renders exactly as its golden file
/// (Golden/&lt;package&gt;/&lt;lesson&gt;.&lt;locale&gt;.html). After an intended change to a lesson or the renderer, run
/// the tests with GAMIFIED_UPDATE_GOLDEN=1 to rewrite the golden files, and review their diff.
/// </summary>
public sealed class ShippedContentTests(ITestOutputHelper output)
{
    private static readonly string Root = RepositoryRoot();
    private static readonly LessonReader Reader = new("示例学员", "示例部门", ["welcome"], 40, null);

    public static IEnumerable<object[]> Packages() =>
        System.IO.Directory.EnumerateDirectories(Path.Combine(Root, "content")).Order(StringComparer.Ordinal)
            .Select(d => new object[] { Path.GetFileName(d) });

    /// <summary>Our own kind of package (lessons and tests); the cmi5 course is checked by <see cref="Cmi5.Cmi5ImportTests"/>.</summary>
    public static IEnumerable<object[]> LessonPackages() =>
        Packages().Where(p => !File.Exists(Path.Combine(Root, "content", (string)p[0], "cmi5.xml")));

    public static IEnumerable<object[]> Lessons() =>
        LessonPackages().SelectMany(p => Load((string)p[0]).Lessons.SelectMany(l => new[] { "zh-CN", "en" }.Select(locale => new object[] { p[0], l.Id!, locale })));

    [Trait("Category", "Unit")]
    [Fact]
    public void the_four_required_packages_and_the_cmi5_courses_are_shipped()
    {
        Assert.Equal(["gov.ai.public-services", "gov.blockchain.e-certificates", "gov.data-analysis.decisions", "gov.data-sharing.basics",
            "gov.one-stop-service.cmi5", "gov.proactive-benefits.cmi5"], Packages().Select(p => (string)p[0]));
    }

    [Trait("Category", "Unit")]
    [Theory]
    [MemberData(nameof(LessonPackages))]
    public void each_package_is_valid_and_complete(string folder)
    {
        var package = Load(folder);
        Assert.Equal(folder, package.Id);
        Assert.Contains(package.Lessons, l => l.Kind == "case-study");
        Assert.Contains(package.Lessons, l => l.Kind == "lesson");
        Assert.All(package.Lessons, l => Assert.False(string.IsNullOrWhiteSpace(l.Templates!.En), $"{l.Id} has no English template"));
        foreach (var test in new[] { package.PreTest, package.PostTest })
        {
            Assert.True(test.Questions!.Count >= 8);
            Assert.Equal(QuestionKinds.All.Order(), test.Questions.Select(q => q.Kind!).Distinct().Order());
            Assert.All(test.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Prompt!.En), $"{q.Id} has no English prompt"));
        }
        Assert.NotEmpty(package.Manifest.Challenges!);
        Assert.NotEmpty(package.Manifest.Badges!);
        // reviewBy is a real date (the validator checks its form). A date that has passed does not make the package invalid:
        // the server then flags it stale and lists it in the stale-content report for its owner, which is where the
        // reminder belongs. Asserting it here would fail every build from that day on for a reason no code change causes.
        if (package.ReviewBy < DateOnly.FromDateTime(DateTime.UtcNow))
            output.WriteLine($"Warning: {folder} is past its review date ({package.ReviewBy:yyyy-MM-dd}): review it and move reviewBy.");
    }

    [Trait("Category", "Unit")]
    [Theory]
    [MemberData(nameof(Lessons))]
    public void each_lesson_renders_as_its_golden_file(string folder, string lessonId, string locale)
    {
        var package = Load(folder);
        var html = LessonRenderer.Render(package, package.Lesson(lessonId)!, locale, Reader).ReplaceLineEndings("\n");
        var golden = Path.Combine(Root, "tests", "Gamified.Tests", "Content", "Golden", folder, $"{lessonId}.{locale}.html");

        if (Environment.GetEnvironmentVariable("GAMIFIED_UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, html);
        }

        Assert.True(File.Exists(golden), $"No golden file {golden}: run with GAMIFIED_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), html);
    }

    [Fact]
    public async Task the_shipped_packages_load_by_default_from_the_checkout()
    {
        // An empty Content:Directory means "the default": the content folder of the checkout.
        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite(), "--Content:Directory=");
        var ids = (await server.Client.QueryAsync("{ packages { id } }"))["packages"]!.AsArray().Select(p => p!["id"]!.GetValue<string>());
        Assert.Equal(Packages().Select(p => (string)p[0]), ids.Order(StringComparer.Ordinal));
    }

    private static ContentPackage Load(string folder)
    {
        var (files, readErrors) = PackageFiles.FromDirectory(Path.Combine(Root, "content", folder));
        Assert.Empty(readErrors);
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(files!);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return package!;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gamified.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Gamified.sln not found above the test binaries.");
    }
}
