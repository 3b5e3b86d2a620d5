using System.Reflection;
using Gamified.Plugins.Packages;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Gamified.Plugins.Rendering;

/// <summary>Who a lesson is rendered for. Only these values reach a template.</summary>
public sealed record LessonReader(string DisplayName, string Department, IReadOnlyCollection<string> ViewedLessons,
    double? PreTestScore, double? PostTestScore);

/// <summary>
/// Renders a lesson of a package for one reader and locale: builds the template's model (documented in
/// docs/content-packages.md), renders in the sandbox, and cleans the HTML.
/// </summary>
public static class LessonRenderer
{
    public static string Render(ContentPackage package, LessonEntry lesson, string locale, LessonReader reader, SandboxLimits? limits = null)
    {
        var path = PackageFiles.Normalise(lesson.Templates!.For(locale))!;
        var template = package.Templates[path];
        var html = TemplateSandbox.Render(template, package.Files, Model(package, lesson, locale, reader), limits);
        return HtmlCleaner.Clean(html);
    }

    /// <summary><see cref="Render"/> off the caller's thread, in one of the <see cref="RenderSlots"/>; throws
    /// <see cref="RenderBusyException"/> when none frees up in time.</summary>
    public static Task<string> RenderAsync(ContentPackage package, LessonEntry lesson, string locale, LessonReader reader, SandboxLimits? limits = null) =>
        RenderSlots.RunAsync(() => Render(package, lesson, locale, reader, limits));

    public static ScriptObject Model(ContentPackage package, LessonEntry lesson, string locale, LessonReader reader)
    {
        var english = locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var lessons = package.Lessons.Select((l, i) => (ScriptObject)Object(
            ("id", l.Id), ("title", l.Title!.For(locale)), ("kind", l.Kind), ("number", i + 1),
            ("viewed", reader.ViewedLessons.Contains(l.Id!)))).ToList();
        var model = Object(
            ("locale", english ? "en" : "zh-CN"),
            ("learner", Object(("name", reader.DisplayName), ("department", reader.Department))),
            ("package", Object(
                ("id", package.Id), ("version", package.Version.ToString()), ("title", package.Manifest.Title!.For(locale)),
                ("summary", package.Manifest.Summary!.For(locale)), ("tags", new ScriptArray(package.Manifest.Tags ?? [])),
                ("estimated_minutes", package.Manifest.EstimatedMinutes),
                ("authors", new ScriptArray(package.Manifest.Authors!.Select(a => Object(("name", a.Name), ("affiliation", a.Affiliation))))))),
            ("lesson", Object(("id", lesson.Id), ("title", lesson.Title!.For(locale)), ("kind", lesson.Kind),
                ("number", package.Lessons.ToList().IndexOf(lesson) + 1), ("count", package.Lessons.Count))),
            ("lessons", new ScriptArray(lessons)),
            ("progress", Object(("viewed_count", reader.ViewedLessons.Count), ("pre_test_score", reader.PreTestScore),
                ("post_test_score", reader.PostTestScore))));
        var assetBase = $"/packages/{Uri.EscapeDataString(package.Id)}/{Uri.EscapeDataString(package.Version.ToString())}/files/";
        model.Import("asset", new Func<string, string>(file =>
            PackageFiles.Normalise(file) is { } normal && package.Files.Contains(normal)
                ? assetBase + string.Join('/', normal.Split('/').Select(Uri.EscapeDataString))
                : throw new ScriptRuntimeException(default, $"asset '{file}' is not in this package.")));
        return model;
    }

    private static ScriptObject Object(params (string Key, object? Value)[] members)
    {
        var result = new ScriptObject();
        foreach (var (key, value) in members) result[key] = value;
        return result;
    }
}

/// <summary>The version of the server that packages name in <c>minServerVersion</c>.</summary>
public static class ServerVersion
{
    public static SemanticVersion Current { get; } = SemanticVersion.Parse(
        (typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0").Split('+')[0]);
}
