using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Tests.Content;

/// <summary>One test per kind of validation error: the code, and where the author must look.</summary>
[Trait("Category", "Unit")]
public sealed class ValidationTests
{
    private static IReadOnlyList<PackageError> Errors(Dictionary<string, string?> changes)
    {
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(SamplePackage.Load(changes));
        Assert.Null(package);
        Assert.NotEmpty(errors);
        return errors;
    }

    private static PackageError Single(IReadOnlyList<PackageError> errors, string code) =>
        Assert.Single(errors, e => e.Code == code);

    [Fact]
    public void the_sample_package_is_valid()
    {
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(SamplePackage.Load());
        Assert.Empty(errors);
        Assert.Equal("test.sample.basics", package!.Id);
        Assert.Equal(4, package.Templates.Count);   // welcome in two locales, the case study, and the partial they include
    }

    [Fact]
    public void a_missing_manifest_is_reported()
    {
        var error = Single(Errors(new() { ["manifest.json"] = null }), PackageErrorCodes.ManifestMissing);
        Assert.Equal("manifest.json", error.Path);
    }

    [Fact]
    public void broken_json_is_reported_at_its_line_and_column()
    {
        var manifest = SamplePackage.Text("manifest.json").Replace("\"licence\": \"CC-BY-4.0\",", "\"licence\": \"CC-BY-4.0\" \"oops\",");
        var error = Single(Errors(new() { ["manifest.json"] = manifest }), PackageErrorCodes.JsonSyntax);
        Assert.Equal(("manifest.json", 7), (error.Path, error.Line));
        Assert.True(error.Column > 20);
    }

    [Fact]
    public void a_missing_required_field_points_at_its_parent()
    {
        var error = Single(Errors(new() { ["manifest.json"] = SamplePackage.Manifest("\"licence\": \"CC-BY-4.0\",", "") }), PackageErrorCodes.MissingField);
        Assert.Contains("licence", error.Message);
        Assert.Equal(("manifest.json", 1, 1), (error.Path, error.Line, error.Column));
    }

    [Fact]
    public void a_value_of_the_wrong_type_is_reported_where_it_is()
    {
        var error = Single(Errors(new() { ["manifest.json"] = SamplePackage.Manifest("\"estimatedMinutes\": 10", "\"estimatedMinutes\": \"ten\"") }),
            PackageErrorCodes.InvalidValue);
        Assert.Equal(("manifest.json", 9), (error.Path, error.Line));
        Assert.Contains("estimatedMinutes", error.Message);
    }

    [Fact]
    public void an_unknown_field_is_refused_so_typos_are_caught()
    {
        Single(Errors(new() { ["manifest.json"] = SamplePackage.Manifest("\"licence\":", "\"lisence\": \"x\", \"licence\":") }),
            PackageErrorCodes.InvalidValue);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    public void a_version_that_is_not_semver_is_refused(string version)
    {
        var error = Single(Errors(new() { ["manifest.json"] = SamplePackage.Manifest("\"version\": \"1.0.0\"", $"\"version\": \"{version}\"") }),
            PackageErrorCodes.InvalidVersion);
        Assert.Equal((3, 14), (error.Line, error.Column));
    }

    [Fact]
    public void a_package_for_a_newer_server_is_refused()
    {
        var error = Single(Errors(new() { ["manifest.json"] = SamplePackage.Manifest("\"minServerVersion\": \"0.1.0\"", "\"minServerVersion\": \"99.0.0\"") }),
            PackageErrorCodes.ServerTooOld);
        Assert.Equal(10, error.Line);
    }

    [Fact]
    public void a_template_syntax_error_has_its_file_line_and_column()
    {
        var errors = Errors(new() { ["lessons/case.zh-CN.sbn"] = "<h1>{{ lesson.title }}</h1>\n<p>正文</p>\n<p>{{ for x in }}</p>" });
        var first = errors.First(e => e.Code == PackageErrorCodes.TemplateSyntax);
        Assert.Equal(("lessons/case.zh-CN.sbn", 3, 16), (first.Path, first.Line, first.Column));
    }

    [Fact]
    public void an_include_of_a_missing_template_is_reported_where_it_is_written()
    {
        var error = Single(Errors(new() { ["lessons/case.zh-CN.sbn"] = "<h1>x</h1>\n{{ include \"lessons/partials/nowhere.sbn\" }}" }),
            PackageErrorCodes.MissingInclude);
        Assert.Equal(("lessons/case.zh-CN.sbn", 2, 4), (error.Path, error.Line, error.Column));
    }

    [Fact]
    public void a_missing_template_file_is_reported_at_the_manifest_entry()
    {
        var error = Single(Errors(new() { ["lessons/case.zh-CN.sbn"] = null }), PackageErrorCodes.MissingFile);
        Assert.Equal("manifest.json", error.Path);
        Assert.Equal(24, error.Line);
    }

    [Fact]
    public void a_missing_asset_is_reported()
    {
        var error = Single(Errors(new() { ["assets/badge.svg"] = null }), PackageErrorCodes.MissingFile);
        Assert.Contains("badge.svg", error.Message);
    }

    [Fact]
    public void a_missing_question_file_is_reported()
    {
        var error = Single(Errors(new() { ["tests/post-test.json"] = null }), PackageErrorCodes.MissingFile);
        Assert.Equal("manifest.json", error.Path);
    }

    [Fact]
    public void a_question_without_an_answer_key_is_refused()
    {
        var test = SamplePackage.Text("tests/pre-test.json").Replace("\"answer\": [\"false\"],", "");
        var error = Single(Errors(new() { ["tests/pre-test.json"] = test }), PackageErrorCodes.MissingAnswerKey);
        Assert.Equal("tests/pre-test.json", error.Path);
        Assert.Equal(13, error.Line);
    }

    [Fact]
    public void a_short_answer_without_accepted_answers_is_refused()
    {
        var test = SamplePackage.Text("tests/post-test.json").Replace("\"accepted\": { \"zhCN\": [\"最小必要\"], \"en\": [\"minimum necessary\", \"data minimisation\"] },", "");
        Single(Errors(new() { ["tests/post-test.json"] = test }), PackageErrorCodes.MissingAnswerKey);
    }

    [Fact]
    public void an_answer_naming_no_option_is_refused()
    {
        var test = SamplePackage.Text("tests/pre-test.json").Replace("\"answer\": [\"b\"]", "\"answer\": [\"z\"]");
        var error = Single(Errors(new() { ["tests/pre-test.json"] = test }), PackageErrorCodes.UnknownOption);
        Assert.Equal(10, error.Line);
    }

    [Fact]
    public void duplicate_ids_are_refused()
    {
        var test = SamplePackage.Text("tests/pre-test.json").Replace("\"id\": \"p2\"", "\"id\": \"p1\"");
        var error = Single(Errors(new() { ["tests/pre-test.json"] = test }), PackageErrorCodes.DuplicateId);
        Assert.Equal(14, error.Line);
        Single(Errors(new() { ["manifest.json"] = SamplePackage.Manifest("\"id\": \"case\"", "\"id\": \"welcome\"") }), PackageErrorCodes.DuplicateId);
    }
}
