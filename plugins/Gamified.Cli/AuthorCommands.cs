using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Cli;

/// <summary>
/// The author's tool. Exit codes: 0 success; 1 the package (or the server) refused, with every error listed;
/// 2 bad usage.
/// </summary>
public static class AuthorCommands
{
    private const string Usage = """
        usage:
          gamified-author validate <dir|zip>
          gamified-author preview <dir|zip> --lesson ID [--locale zh-CN|en] [--out FILE.html] [--name NAME] [--department NAME]
          gamified-author pack <dir> [--out FILE.zip]
          gamified-author publish <zip|dir> --server URL --token TOKEN
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length < 2)
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var options = Options(args[2..]);
        try
        {
            return args[0] switch
            {
                "validate" => Validate(args[1], output, errors),
                "preview" => Preview(args[1], options, output, errors),
                "pack" => Pack(args[1], options, output, errors),
                "publish" => await Publish(args[1], options, output, errors),
                _ => await UsageError(errors),
            };
        }
        catch (ArgumentException problem)
        {
            await errors.WriteLineAsync(problem.Message);
            await errors.WriteLineAsync(Usage);
            return 2;
        }
    }

    private static async Task<int> UsageError(TextWriter errors)
    {
        await errors.WriteLineAsync(Usage);
        return 2;
    }

    private static int Validate(string source, TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;
        output.WriteLine($"valid: {package.Id} {package.Version} ({package.Lessons.Count} lessons, " +
                         $"{package.PreTest.Questions!.Count} pre-test and {package.PostTest.Questions!.Count} post-test questions)");
        return 0;
    }

    private static int Preview(string source, Dictionary<string, string> options, TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;
        var lessonId = options.GetValueOrDefault("lesson") ?? throw new ArgumentException("preview needs --lesson ID.");
        var lesson = package.Lesson(lessonId);
        if (lesson is null)
        {
            errors.WriteLine($"The package has no lesson '{lessonId}'. Lessons: {string.Join(", ", package.Lessons.Select(l => l.Id))}");
            return 1;
        }
        var locale = options.GetValueOrDefault("locale") ?? "zh-CN";
        var reader = new LessonReader(options.GetValueOrDefault("name") ?? "示例学员", options.GetValueOrDefault("department") ?? "示例部门",
            [], null, null);
        string body;
        try
        {
            body = LessonRenderer.Render(package, lesson, locale, reader);
        }
        catch (TemplateRenderException problem)
        {
            errors.WriteLine(problem.Message);
            return 1;
        }
        var html = $"""
            <!doctype html>
            <html lang="{(locale.StartsWith("en") ? "en" : "zh-CN")}"><head><meta charset="utf-8">
            <title>{System.Net.WebUtility.HtmlEncode(lesson.Title!.For(locale))}</title></head>
            <body>{body}</body></html>
            """;
        var file = options.GetValueOrDefault("out") ?? $"{package.Id}-{lesson.Id}.{locale}.html";
        File.WriteAllText(file, html, new UTF8Encoding(false));
        output.WriteLine($"preview written to {file}");
        return 0;
    }

    private static int Pack(string source, Dictionary<string, string> options, TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;
        var file = options.GetValueOrDefault("out") ?? $"{package.Id}-{package.Version}.zip";
        File.WriteAllBytes(file, package.Files.ToZip());
        output.WriteLine($"packed {package.Id} {package.Version} into {file}");
        return 0;
    }

    private static async Task<int> Publish(string source, Dictionary<string, string> options, TextWriter output, TextWriter errors)
    {
        var server = options.GetValueOrDefault("server") ?? throw new ArgumentException("publish needs --server URL.");
        var token = options.GetValueOrDefault("token") ?? throw new ArgumentException("publish needs --token TOKEN.");
        var package = Load(source, errors);
        if (package is null) return 1;

        using var http = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = JsonSerializer.Serialize(new
        {
            query = "mutation($input: PublishPackageInput!) { publishPackage(input: $input) { package { id version } userErrors { code path line column message } } }",
            variables = new { input = new { archiveBase64 = Convert.ToBase64String(package.Files.ToZip()) } },
        });
        using var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        if (reply?["errors"] is JsonArray { Count: > 0 } failures)
        {
            foreach (var failure in failures) errors.WriteLine($"{failure?["extensions"]?["code"]}: {failure?["message"]}");
            return 1;
        }
        var payload = reply?["data"]?["publishPackage"];
        if (payload?["userErrors"] is JsonArray { Count: > 0 } userErrors)
        {
            foreach (var e in userErrors)
                errors.WriteLine(e?["line"] is null
                    ? $"{e?["path"]}: {e?["code"]}: {e?["message"]}"
                    : $"{e?["path"]}:{e?["line"]}:{e?["column"]}: {e?["code"]}: {e?["message"]}");
            return 1;
        }
        output.WriteLine($"published {payload?["package"]?["id"]} {payload?["package"]?["version"]} to {server}");
        return 0;
    }

    /// <summary>Reads and validates a folder or zip; prints every error as path:line:column: CODE: message.</summary>
    private static ContentPackage? Load(string source, TextWriter errors)
    {
        var (files, readErrors) = Directory.Exists(source)
            ? PackageFiles.FromDirectory(source)
            : File.Exists(source)
                ? PackageFiles.FromZip(File.ReadAllBytes(source))
                : (null, [new PackageError(PackageErrorCodes.MissingFile, source, null, null, "No such folder or file.")]);
        IReadOnlyList<PackageError> problems = readErrors;
        ContentPackage? package = null;
        if (files is not null) (package, problems) = new PackageValidator(ServerVersion.Current).Validate(files);
        foreach (var problem in problems) errors.WriteLine(problem.ToString());
        if (problems.Count > 0) errors.WriteLine($"{problems.Count} error(s).");
        return package;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }
}
