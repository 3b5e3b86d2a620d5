using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Scriban;

namespace Gamified.Plugins.Validation;

/// <summary>
/// Checks a package completely and reports every problem it finds, each with a stable code and, where it
/// can, the file, line and column. Returns a <see cref="ContentPackage"/> only when there is no problem.
/// </summary>
public sealed partial class PackageValidator(SemanticVersion serverVersion)
{
    public const string ManifestFile = "manifest.json";

    // A package's challenges and badges are named "<package id>.<local id>" on the server, within 64 characters.
    public const int MaxPackageIdLength = 40;
    public const int MaxRewardIdLength = 23;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$")]
    private static partial Regex PackageIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex LocalIdPattern();

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    public (ContentPackage? Package, IReadOnlyList<PackageError> Errors) Validate(PackageFiles files)
    {
        if (files.Contains(Cmi5.Cmi5Course.FileName)) return ValidateCmi5(files);
        var report = new Report();
        var manifest = ReadJson<PackageManifest>(files, ManifestFile, report, out var manifestLocator);
        if (manifest is null) return (null, report.Errors);
        var at = new Locate(ManifestFile, manifestLocator!, report);

        var version = CheckIdentity(manifest, at);
        CheckDescription(manifest, at);
        CheckCompletion(manifest, at);
        var templates = CheckLessons(manifest, files, at, report);
        var preTest = CheckTest(manifest.PreTest, "preTest", files, at, report);
        var postTest = CheckTest(manifest.PostTest, "postTest", files, at, report);
        CheckChallengesAndBadges(manifest, files, at);

        if (report.Errors.Count > 0 || version is null || preTest is null || postTest is null) return (null, report.Errors);
        return (new ContentPackage(manifest, version, files, preTest, postTest, templates), report.Errors);
    }

    private SemanticVersion? CheckIdentity(PackageManifest m, Locate at)
    {
        if (at.Required(m.Id, "id") && !PackageIdPattern().IsMatch(m.Id!))
            at.Error(PackageErrorCodes.InvalidValue, "id", "id is lower-case words joined by dots, e.g. gov.data-sharing.basics.");
        else if (m.Id is { Length: > MaxPackageIdLength })
            at.Error(PackageErrorCodes.InvalidValue, "id", $"id is at most {MaxPackageIdLength} characters.");

        SemanticVersion? version = null;
        if (at.Required(m.Version, "version") && !SemanticVersion.TryParse(m.Version, out version))
        {
            at.Error(PackageErrorCodes.InvalidVersion, "version", $"'{m.Version}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0).");
            version = null;
        }

        if (at.Required(m.MinServerVersion, "minServerVersion"))
        {
            if (!SemanticVersion.TryParse(m.MinServerVersion, out var minimum))
                at.Error(PackageErrorCodes.InvalidVersion, "minServerVersion", $"'{m.MinServerVersion}' is not a semantic version.");
            else if (minimum.CompareTo(serverVersion) > 0)
                at.Error(PackageErrorCodes.ServerTooOld, "minServerVersion", $"The package needs server {minimum}; this server is {serverVersion}.");
        }
        return version;
    }

    private static void CheckDescription(PackageManifest m, Locate at)
    {
        at.RequiredText(m.Title, "title", 200);
        at.RequiredText(m.Summary, "summary", 2000);
        if (m.Authors is not { Count: > 0 }) at.Error(PackageErrorCodes.MissingField, "authors", "List at least one author.");
        else
            for (var i = 0; i < m.Authors.Count; i++)
            {
                at.Required(m.Authors[i].Name, $"authors[{i}].name");
                at.Required(m.Authors[i].Affiliation, $"authors[{i}].affiliation");
            }
        at.Required(m.Licence, "licence");
        foreach (var (tag, i) in (m.Tags ?? []).Select((t, i) => (t, i)))
            if (!LocalIdPattern().IsMatch(tag ?? "")) at.Error(PackageErrorCodes.InvalidValue, $"tags[{i}]", "Tags are lower-case words joined by '-'.");
        if (m.EstimatedMinutes is null) at.Error(PackageErrorCodes.MissingField, "estimatedMinutes", "estimatedMinutes is required.");
        else if (m.EstimatedMinutes is < 1 or > 600) at.Error(PackageErrorCodes.InvalidValue, "estimatedMinutes", "estimatedMinutes is between 1 and 600.");
        if (at.Required(m.ReviewBy, "reviewBy")
            && !DateOnly.TryParseExact(m.ReviewBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            at.Error(PackageErrorCodes.InvalidValue, "reviewBy", "reviewBy is a date, yyyy-MM-dd: when the content must be reviewed again.");
    }

    private static void CheckCompletion(PackageManifest m, Locate at)
    {
        if (m.Completion is null)
        {
            at.Error(PackageErrorCodes.MissingField, "completion", "completion is required: { moveOn, masteryScore }.");
            return;
        }
        if (at.Required(m.Completion.MoveOn, "completion.moveOn") && !MoveOn.All.Contains(m.Completion.MoveOn!))
            at.Error(PackageErrorCodes.InvalidValue, "completion.moveOn", $"completion.moveOn is one of: {string.Join(", ", MoveOn.All)}.");
        if (m.Completion.MasteryScore is { } score && score is < 0 or > 100)
            at.Error(PackageErrorCodes.InvalidValue, "completion.masteryScore", "completion.masteryScore is between 0 and 100.");
        if (m.Completion.MoveOn is MoveOn.Passed or MoveOn.CompletedAndPassed && m.Completion.MasteryScore is null)
            at.Error(PackageErrorCodes.MissingField, "completion.masteryScore", "A package that must be passed needs completion.masteryScore.");
    }

    private static Dictionary<string, Template> CheckLessons(PackageManifest m, PackageFiles files, Locate at, Report report)
    {
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        if (m.Lessons is not { Count: > 0 })
        {
            at.Error(PackageErrorCodes.MissingField, "lessons", "List at least one lesson.");
            return templates;
        }
        var ids = new HashSet<string>();
        for (var i = 0; i < m.Lessons.Count; i++)
        {
            var lesson = m.Lessons[i];
            var path = $"lessons[{i}]";
            if (at.Required(lesson.Id, path + ".id"))
            {
                if (!LocalIdPattern().IsMatch(lesson.Id!)) at.Error(PackageErrorCodes.InvalidValue, path + ".id", "Lesson ids are lower-case words joined by '-'.");
                if (!ids.Add(lesson.Id!)) at.Error(PackageErrorCodes.DuplicateId, path + ".id", $"Another lesson already has the id '{lesson.Id}'.");
            }
            if (at.Required(lesson.Kind, path + ".kind") && !LessonKinds.All.Contains(lesson.Kind!))
                at.Error(PackageErrorCodes.InvalidValue, path + ".kind", $"kind is one of: {string.Join(", ", LessonKinds.All)}.");
            at.RequiredText(lesson.Title, path + ".title", 200);
            if (lesson.MinimumSeconds is < 0 or > 7200)
                at.Error(PackageErrorCodes.InvalidValue, path + ".minimumSeconds", "minimumSeconds is between 0 and 7200.");
            if (lesson.Templates is null || string.IsNullOrWhiteSpace(lesson.Templates.ZhCN))
            {
                at.Error(PackageErrorCodes.MissingField, path + ".templates.zhCN", "Every lesson has a Chinese template (templates.zhCN).");
                continue;
            }
            foreach (var (locale, file) in lesson.Templates.All())
                CompileTemplate(file, $"{path}.templates.{locale}", files, at, report, templates, depth: 0);
        }
        return templates;
    }

    /// <summary>Compiles a template and, recursively, the templates it includes, reporting each problem where it is.</summary>
    private static void CompileTemplate(string file, string manifestPath, PackageFiles files, Locate at, Report report,
        Dictionary<string, Template> templates, int depth)
    {
        var normal = PackageFiles.Normalise(file);
        if (normal is null || !normal.EndsWith(".sbn", StringComparison.OrdinalIgnoreCase))
        {
            at.Error(PackageErrorCodes.InvalidValue, manifestPath, $"'{file}' is not a .sbn path inside the package.");
            return;
        }
        if (templates.ContainsKey(normal) || depth > 8) return;
        if (files.ReadText(normal) is not { } text)
        {
            at.Error(PackageErrorCodes.MissingFile, manifestPath, $"The template '{normal}' is not in the package.");
            return;
        }
        var (template, errors) = TemplateSandbox.Parse(normal, text);
        if (template is null)
        {
            report.Errors.AddRange(errors);
            return;
        }
        templates[normal] = template;
        foreach (var (include, line, column) in TemplateSandbox.IncludesOf(template))
        {
            var target = PackageFiles.Normalise(include);
            if (target is null || !files.Contains(target))
                report.Errors.Add(new PackageError(PackageErrorCodes.MissingInclude, normal, line, column,
                    $"include '{include}' names no template of this package."));
            else
                CompileTemplate(target, manifestPath, files, at, report, templates, depth + 1);
        }
    }

    private static QuestionSet? CheckTest(string? file, string field, PackageFiles files, Locate at, Report report)
    {
        if (!at.Required(file, field)) return null;
        var normal = PackageFiles.Normalise(file!);
        if (normal is null || !files.Contains(normal))
        {
            at.Error(PackageErrorCodes.MissingFile, field, $"The question file '{file}' is not in the package.");
            return null;
        }
        var set = ReadJson<QuestionSet>(files, normal, report, out var locator);
        if (set is null) return null;
        var q = new Locate(normal, locator!, report);
        if (set.Questions is not { Count: > 0 })
        {
            q.Error(PackageErrorCodes.MissingField, "questions", "List at least one question.");
            return null;
        }
        var ids = new HashSet<string>();
        for (var i = 0; i < set.Questions.Count; i++)
        {
            var question = set.Questions[i];
            var path = $"questions[{i}]";
            if (q.Required(question.Id, path + ".id"))
            {
                if (!LocalIdPattern().IsMatch(question.Id!)) q.Error(PackageErrorCodes.InvalidValue, path + ".id", "Question ids are lower-case words joined by '-'.");
                if (!ids.Add(question.Id!)) q.Error(PackageErrorCodes.DuplicateId, path + ".id", $"Another question already has the id '{question.Id}'.");
            }
            q.RequiredText(question.Prompt, path + ".prompt", 2000);
            q.RequiredText(question.Explanation, path + ".explanation", 4000);
            if (!q.Required(question.Kind, path + ".kind")) continue;
            switch (question.Kind)
            {
                case QuestionKinds.SingleChoice or QuestionKinds.MultipleChoice:
                    var options = CheckOptions(question, path, q);
                    if (question.Answer is not { Count: > 0 })
                        q.Error(PackageErrorCodes.MissingAnswerKey, path + ".answer", "The question has no answer key.");
                    else
                    {
                        foreach (var (answer, j) in question.Answer.Select((a, j) => (a, j)))
                            if (!options.Contains(answer)) q.Error(PackageErrorCodes.UnknownOption, $"{path}.answer[{j}]", $"The answer '{answer}' is not one of the options.");
                        if (question.Kind == QuestionKinds.SingleChoice && question.Answer.Count != 1)
                            q.Error(PackageErrorCodes.InvalidValue, path + ".answer", "A single-choice question has exactly one answer.");
                    }
                    break;
                case QuestionKinds.TrueFalse:
                    if (question.Answer is not { Count: > 0 })
                        q.Error(PackageErrorCodes.MissingAnswerKey, path + ".answer", "The question has no answer key.");
                    else if (question.Answer is not ["true"] and not ["false"])
                        q.Error(PackageErrorCodes.InvalidValue, path + ".answer", "A true-false answer is [\"true\"] or [\"false\"].");
                    break;
                case QuestionKinds.ShortAnswer:
                    if (question.Accepted?.All().Any(a => !string.IsNullOrWhiteSpace(a)) != true)
                        q.Error(PackageErrorCodes.MissingAnswerKey, path + ".accepted", "A short-answer question lists its accepted answers.");
                    break;
                default:
                    q.Error(PackageErrorCodes.InvalidValue, path + ".kind", $"kind is one of: {string.Join(", ", QuestionKinds.All)}.");
                    break;
            }
        }
        CheckDrawAndTime(set, field, q);
        return set;
    }

    public const int MaxPreTestSeconds = 3600;

    private static void CheckDrawAndTime(QuestionSet set, string field, Locate q)
    {
        var count = set.Questions!.Count;
        if (set.Draw is { } draw && (draw < 1 || draw > count))
            q.Error(PackageErrorCodes.InvalidValue, "draw", $"draw is between 1 and the number of questions ({count}); it is {draw}.");
        if (set.MinimumSeconds is not { } seconds) return;
        if (field != "preTest")
            q.Error(PackageErrorCodes.InvalidValue, "minimumSeconds", "minimumSeconds applies to the pre-test only.");
        else if (seconds is < 0 or > MaxPreTestSeconds)
            q.Error(PackageErrorCodes.InvalidValue, "minimumSeconds", $"minimumSeconds is between 0 and {MaxPreTestSeconds}; it is {seconds}.");
    }

    private static HashSet<string> CheckOptions(Question question, string path, Locate q)
    {
        var options = new HashSet<string>();
        if (question.Options is not { Count: >= 2 })
        {
            q.Error(PackageErrorCodes.MissingField, path + ".options", "A choice question has at least two options.");
            return options;
        }
        for (var j = 0; j < question.Options.Count; j++)
        {
            var option = question.Options[j];
            if (q.Required(option.Id, $"{path}.options[{j}].id") && !options.Add(option.Id!))
                q.Error(PackageErrorCodes.DuplicateId, $"{path}.options[{j}].id", $"Another option already has the id '{option.Id}'.");
            q.RequiredText(option.Text, $"{path}.options[{j}].text", 1000);
        }
        return options;
    }

    private static void CheckChallengesAndBadges(PackageManifest m, PackageFiles files, Locate at)
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < (m.Challenges?.Count ?? 0); i++)
        {
            var c = m.Challenges![i];
            var path = $"challenges[{i}]";
            if (at.Required(c.Id, path + ".id") && (!LocalIdPattern().IsMatch(c.Id!) || c.Id!.Length > MaxRewardIdLength || !ids.Add(c.Id!)))
                at.Error(PackageErrorCodes.DuplicateId, path + ".id", $"Challenge ids are lower-case words of at most {MaxRewardIdLength} characters, unique in the package ('{c.Id}').");
            at.RequiredText(c.Title, path + ".title", 200);
            if (c.Points is null or < 0 or > 10_000) at.Error(PackageErrorCodes.InvalidValue, path + ".points", "points is between 0 and 10000.");
            if (c.FirstN is < 1 or > 1000) at.Error(PackageErrorCodes.InvalidValue, path + ".firstN", "firstN is between 1 and 1000.");
        }
        var badges = new HashSet<string>();
        for (var i = 0; i < (m.Badges?.Count ?? 0); i++)
        {
            var b = m.Badges![i];
            var path = $"badges[{i}]";
            if (at.Required(b.Id, path + ".id") && (!LocalIdPattern().IsMatch(b.Id!) || b.Id!.Length > MaxRewardIdLength || !badges.Add(b.Id!)))
                at.Error(PackageErrorCodes.DuplicateId, path + ".id", $"Badge ids are lower-case words of at most {MaxRewardIdLength} characters, unique in the package ('{b.Id}').");
            at.RequiredText(b.Name, path + ".name", 100);
            at.RequiredText(b.Description, path + ".description", 1000);
            if (b.Image is not null && (PackageFiles.Normalise(b.Image) is not { } image || !files.Contains(image)))
                at.Error(PackageErrorCodes.MissingFile, path + ".image", $"The image '{b.Image}' is not in the package.");
        }
    }

    private static T? ReadJson<T>(PackageFiles files, string file, Report report, out JsonLocator? locator) where T : class
    {
        locator = null;
        var bytes = files.Read(file);
        if (bytes is null)
        {
            report.Errors.Add(new PackageError(file == ManifestFile ? PackageErrorCodes.ManifestMissing : PackageErrorCodes.MissingFile,
                file, null, null, $"The package has no {file}."));
            return null;
        }
        locator = new JsonLocator(bytes);
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Json);
            if (value is null) report.Errors.Add(new PackageError(PackageErrorCodes.JsonSyntax, file, 1, 1, "The file holds null, not an object."));
            return value;
        }
        catch (JsonException error)
        {
            // The reader's own exceptions (a subclass) are syntax errors; a plain JsonException is a value the model cannot hold.
            var typeProblem = error.GetType() == typeof(JsonException) && error.Path is { Length: > 1 };
            var line = (int)(error.LineNumber ?? 0) + 1;
            var column = (int)(error.BytePositionInLine ?? 0) + 1;
            if (typeProblem)
            {
                var path = error.Path!.TrimStart('$', '.');
                (line, column) = locator.Find(path);
                report.Errors.Add(new PackageError(PackageErrorCodes.InvalidValue, file, line, column, $"{path}: {FirstSentence(error.Message)}"));
            }
            else
                report.Errors.Add(new PackageError(PackageErrorCodes.JsonSyntax, file, line, column, FirstSentence(error.Message)));
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message;
    }

    private sealed class Report
    {
        public List<PackageError> Errors { get; } = [];
    }

    /// <summary>Reports errors about values of one JSON file at their positions.</summary>
    private sealed class Locate(string file, JsonLocator locator, Report report)
    {
        public void Error(string code, string path, string message)
        {
            var (line, column) = locator.Find(path);
            report.Errors.Add(new PackageError(code, file, line, column, message));
        }

        public bool Required(string? value, string path)
        {
            if (!string.IsNullOrWhiteSpace(value)) return true;
            Error(PackageErrorCodes.MissingField, path, $"{path} is required.");
            return false;
        }

        public void RequiredText(Localized? text, string path, int maxLength)
        {
            if (Required(text?.ZhCN, path + ".zhCN") && text!.ZhCN!.Length > maxLength)
                Error(PackageErrorCodes.InvalidValue, path + ".zhCN", $"{path}.zhCN is at most {maxLength} characters.");
            if (text?.En is { } en && en.Length > maxLength)
                Error(PackageErrorCodes.InvalidValue, path + ".en", $"{path}.en is at most {maxLength} characters.");
        }
    }
}
