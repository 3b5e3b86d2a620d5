using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gamified.Plugins.Packages;
using Gamified.Plugins.Rendering;
using Gamified.Plugins.Validation;

namespace Gamified.Cli;

/// <summary>
/// The author's tool, <c>gamified-author</c>, with <c>--help</c> and <c>--version</c>. Exit codes: 0 success; 1 the
/// package (or the server) refused, with every error listed; 2 bad usage. <c>publish</c> reads the token from the
/// <c>GAMIFIED_TOKEN</c> environment variable: a token on the command line would stay in the shell history and show
/// in every user's process list.
/// </summary>
public static class AuthorCommands
{
    /// <summary>The environment variable holding the bearer token for <c>publish</c>.</summary>
    public const string TokenVariable = "GAMIFIED_TOKEN";

    private const int UsageError = 2;

    /// <param name="environment">Reads an environment variable (tests pass their own; default: the process's).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, Func<string, string?>? environment = null)
    {
        var root = Create(output, errors, environment ?? Environment.GetEnvironmentVariable);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors) await errors.WriteLineAsync(problem.Message);
            var command = parsed.CommandResult.Command == root ? root.Name : $"{root.Name} {parsed.CommandResult.Command.Name}";
            await errors.WriteLineAsync($"Run '{command} --help' for usage.");
            return UsageError;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
    }

    private static RootCommand Create(TextWriter output, TextWriter errors, Func<string, string?> environment)
    {
        var source = new Argument<string>("source") { Description = "The package: a folder or a .zip." };
        var folder = new Argument<string>("folder") { Description = "The package's folder." };
        var lesson = new Option<string>("--lesson") { Description = "The lesson to render.", Required = true };
        var locale = new Option<string>("--locale") { Description = "zh-CN or en.", DefaultValueFactory = _ => "zh-CN" };
        locale.AcceptOnlyFromAmong("zh-CN", "en");
        var previewOut = new Option<string?>("--out") { Description = "The HTML file (default: <package>-<lesson>.<locale>.html)." };
        var name = new Option<string>("--name") { Description = "The learner's name shown in the lesson.", DefaultValueFactory = _ => "示例学员" };
        var department = new Option<string>("--department") { Description = "The learner's department shown in the lesson.", DefaultValueFactory = _ => "示例部门" };
        var packOut = new Option<string?>("--out") { Description = "The .zip file (default: <package>-<version>.zip)." };
        var server = new Option<Uri>("--server")
        {
            Description = "The server's address, e.g. http://localhost:5080.",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https") return address;
                result.AddError($"--server needs an http(s) address, not '{text}'.");
                return null;
            },
        };
        // Refused rather than silently accepted: an old script passing a token on the command line is told why and what to do.
        var token = new Option<string?>("--token") { Hidden = true };

        var validate = new Command("validate", "Check a package and list every problem as file:line:column: CODE: message.") { source };
        validate.SetAction(parsed => Validate(parsed.GetRequiredValue(source), output, errors));

        var preview = new Command("preview", "Render one lesson to an HTML file, as a learner would see it.") { source, lesson, locale, previewOut, name, department };
        preview.SetAction(parsed => Preview(parsed.GetRequiredValue(source), parsed.GetRequiredValue(lesson), parsed.GetRequiredValue(locale),
            parsed.GetValue(previewOut), parsed.GetRequiredValue(name), parsed.GetRequiredValue(department), output, errors));

        var pack = new Command("pack", "Validate a package folder and zip it.") { folder, packOut };
        pack.SetAction(parsed => Pack(parsed.GetRequiredValue(folder), parsed.GetValue(packOut), output, errors));

        var publish = new Command("publish", $"Publish a package (folder or .zip) to a server, with the author's token from ${TokenVariable}.")
        {
            source, server, token,
        };
        publish.SetAction(async parsed =>
        {
            if (parsed.GetValue(token) is not null)
            {
                await errors.WriteLineAsync($"--token is not accepted: a token on the command line stays in the shell history and the process list. " +
                                            $"Set {TokenVariable} instead.");
                return UsageError;
            }
            if (environment(TokenVariable) is not { Length: > 0 } bearer)
            {
                await errors.WriteLineAsync($"Set {TokenVariable} to your author token (e.g. read -rs {TokenVariable} && export {TokenVariable}).");
                return UsageError;
            }
            return await Publish(parsed.GetRequiredValue(source), parsed.GetRequiredValue(server), bearer.Trim(), output, errors);
        });

        return new RootCommand("gamified-author: check, preview, pack and publish Gamified content packages.") { validate, preview, pack, publish };
    }

    private static int Validate(string source, TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;
        output.WriteLine($"valid: {package.Id} {package.Version} ({package.Lessons.Count} lessons, " +
                         $"{package.PreTest.Questions!.Count} pre-test and {package.PostTest.Questions!.Count} post-test questions)");
        return 0;
    }

    private static int Preview(string source, string lessonId, string locale, string? file, string name, string department,
        TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;
        var lesson = package.Lesson(lessonId);
        if (lesson is null)
        {
            errors.WriteLine($"The package has no lesson '{lessonId}'. Lessons: {string.Join(", ", package.Lessons.Select(l => l.Id))}");
            return 1;
        }
        var reader = new LessonReader(name, department, [], null, null);
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
        file ??= $"{package.Id}-{lesson.Id}.{locale}.html";
        File.WriteAllText(file, html, new UTF8Encoding(false));
        output.WriteLine($"preview written to {file}");
        return 0;
    }

    private static int Pack(string source, string? file, TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;
        file ??= $"{package.Id}-{package.Version}.zip";
        File.WriteAllBytes(file, package.Files.ToZip());
        output.WriteLine($"packed {package.Id} {package.Version} into {file}");
        return 0;
    }

    private static async Task<int> Publish(string source, Uri server, string token, TextWriter output, TextWriter errors)
    {
        var package = Load(source, errors);
        if (package is null) return 1;

        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = JsonSerializer.Serialize(new
        {
            query = "mutation($input: PublishPackageInput!) { publishPackage(input: $input) { package { id version } userErrors { code message ... on PackageError { path line column } } } }",
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
}
