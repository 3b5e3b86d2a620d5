using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Tests.Content;

/// <summary>Every way out of the template sandbox fails cleanly, as an error about the template.</summary>
[Trait("Category", "Unit")]
public sealed class SandboxTests
{
    private static readonly SandboxLimits Limits = SandboxLimits.Default;

    private static string Render(string template, IReadOnlyDictionary<string, string?>? extraFiles = null)
    {
        var changes = new Dictionary<string, string?>(extraFiles ?? new Dictionary<string, string?>()) { ["lessons/case.zh-CN.sbn"] = template };
        var (package, errors) = new PackageValidator(ServerVersion.Current).Validate(SamplePackage.Load(changes));
        Assert.Empty(errors);
        var lesson = package!.Lesson("case")!;
        return LessonRenderer.Render(package, lesson, "zh-CN", new LessonReader("张三", "大数据局", [], null, null), Limits);
    }

    private static TemplateRenderException Refused(string template, IReadOnlyDictionary<string, string?>? extraFiles = null) =>
        Assert.Throws<TemplateRenderException>(() => Render(template, extraFiles));

    [Fact]
    public void the_model_renders_with_the_learners_name()
    {
        Assert.Contains("张三", Render("<p>{{ learner.name }} · {{ package.id }} · {{ lesson.number }}/{{ lesson.count }}</p>"));
    }

    [Fact]
    public void dotnet_members_of_values_are_not_reachable()
    {
        // Reflection-style member access on host values: GetType, assembly, environment.
        Refused("{{ learner.name.GetType }}");
        Refused("{{ (1).GetType().Assembly }}");
        Refused("{{ System.Environment.MachineName }}");
        Refused("{{ object.eval \"System.IO.File.ReadAllText('/etc/passwd')\" }}");
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("https://example.com/x.sbn")]
    [InlineData("C:/Windows/win.ini")]
    public void there_is_no_file_or_network_access(string target)
    {
        // Written literally, validation refuses the include; computed at render time, the loader does.
        var (_, errors) = new PackageValidator(ServerVersion.Current).Validate(
            SamplePackage.Load(new Dictionary<string, string?> { ["lessons/case.zh-CN.sbn"] = $"{{{{ include \"{target}\" }}}}" }));
        Assert.Contains(errors, e => e.Code is PackageErrorCodes.MissingInclude);
        Refused($"{{{{ target = \"{target}\" }}}}{{{{ include target }}}}");
        Refused("{{ import \"System.IO\" }}{{ File.ReadAllText \"/etc/hostname\" }}");
    }

    [Fact]
    public void an_include_outside_the_package_or_of_a_non_template_fails()
    {
        var error = Refused("{{ name = \"tests/post-test.json\" }}{{ include name }}");
        Assert.Contains("not a template of this package", error.Message);
    }

    [Fact]
    public void an_endless_loop_is_stopped()
    {
        var error = Refused("{{ while true }}x{{ end }}");
        Assert.Contains("lessons/case.zh-CN.sbn", error.Message);
    }

    [Fact]
    public void deep_recursion_is_stopped()
    {
        Refused("{{ func down(n) }}{{ down(n + 1) }}{{ end }}{{ down(0) }}");
    }

    [Fact]
    public void a_hundred_megabytes_of_output_is_stopped()
    {
        Refused("{{ for i in 1..10000 }}{{ for j in 1..10000 }}xxxxxxxxxx{{ end }}{{ end }}");
    }

    [Fact]
    public void a_string_doubled_towards_a_terabyte_stays_within_the_string_limit()
    {
        var size = int.Parse(Render("{{ s = \"x\" }}{{ for i in 1..40 }}{{ s = s + s }}{{ end }}{{ s | string.size }}"));
        Assert.InRange(size, 1, 2 * Limits.StringLimit + 16);
    }

    [Fact]
    public void an_unknown_variable_is_an_error_not_silence()
    {
        var error = Refused("<p>{{ learner.salary }}</p>");
        Assert.Contains("salary", error.Message);
    }

    [Fact]
    public void scripts_and_handlers_are_removed_from_the_html()
    {
        var html = Render("<p onclick=\"steal()\">读</p><script>alert(1)</script><a href=\"javascript:alert(1)\">链接</a><img src=x onerror=alert(1)>");
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("读", html);
    }
}
