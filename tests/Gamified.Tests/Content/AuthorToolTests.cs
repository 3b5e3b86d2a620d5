using Gamified.Api.Security;
using Gamified.Cli;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Content;

/// <summary>The author tool: validate, preview, pack and publish, with its exit codes and error listing.</summary>
public sealed class AuthorToolTests
{
    private static Task<(int Exit, string Output, string Errors)> Run(params string[] args) => RunWith(null, args);

    /// <summary>Runs the tool with <paramref name="token"/> as its GAMIFIED_TOKEN (and no other environment).</summary>
    private static async Task<(int Exit, string Output, string Errors)> RunWith(string? token, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await AuthorCommands.RunAsync(args, output, errors, name => name == AuthorCommands.TokenVariable ? token : null);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task validate_accepts_a_good_package_and_lists_every_error_of_a_bad_one()
    {
        var good = await Run("validate", SamplePackage.Directory);
        Assert.Equal(0, good.Exit);
        Assert.Contains("valid: test.sample.basics 1.0.0", good.Output);

        var broken = ContentScenario.NewContentDirectory(("broken", new Dictionary<string, string?>
        {
            ["lessons/case.zh-CN.sbn"] = "<p>\n{{ for x in }}</p>",
            ["tests/pre-test.json"] = SamplePackage.Text("tests/pre-test.json").Replace("\"answer\": [\"false\"],", ""),
        }));
        var bad = await Run("validate", Path.Combine(broken, "broken"));
        Assert.Equal(1, bad.Exit);
        Assert.Contains("lessons/case.zh-CN.sbn:2:", bad.Errors);
        Assert.Contains("TEMPLATE_SYNTAX", bad.Errors);
        Assert.Contains("tests/pre-test.json:13:", bad.Errors);
        Assert.Contains("MISSING_ANSWER_KEY", bad.Errors);
    }

    [Fact]
    public async Task preview_renders_a_lesson_to_an_html_file()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n") + ".html");
        var result = await Run("preview", SamplePackage.Directory, "--lesson", "welcome", "--locale", "en", "--out", file, "--name", "Li Lei");
        Assert.Equal(0, result.Exit);
        var html = await File.ReadAllTextAsync(file);
        Assert.Contains("Welcome to “Sample package for tests”, Li Lei", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Equal(1, (await Run("preview", SamplePackage.Directory, "--lesson", "nope")).Exit);
        Assert.Equal(2, (await Run("preview", SamplePackage.Directory)).Exit);
    }

    [Fact]
    public async Task pack_then_publish_puts_the_package_on_a_running_server()
    {
        var zip = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n") + ".zip");
        Assert.Equal(0, (await Run("pack", SamplePackage.Directory, "--out", zip)).Exit);

        await using var server = await GamifiedServer.StartAsync(ServerStorage.NewSqlite());
        var token = server.Services.GetRequiredServiceOf<LocalTokens>().Issue("cli-author", [Roles.Author]);
        var published = await RunWith(token, "publish", zip, "--server", server.Address.ToString());
        Assert.Equal(0, published.Exit);
        Assert.Contains("published test.sample.basics 1.0.0", published.Output);

        var again = await RunWith(token, "publish", zip, "--server", server.Address.ToString());
        Assert.Equal(1, again.Exit);
        Assert.Contains("VERSION_EXISTS", again.Errors);
        var listed = await server.Client.QueryAsync("{ packages { id owner } }");
        Assert.Equal("cli-author", listed["packages"]![0]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task unknown_commands_are_a_usage_error()
    {
        Assert.Equal(2, (await Run("launch", "x")).Exit);
        Assert.Equal(2, (await Run()).Exit);
        var unknownOption = await Run("validate", SamplePackage.Directory, "--strict");
        Assert.Equal(2, unknownOption.Exit);
        Assert.Contains("--strict", unknownOption.Errors);
    }

    [Fact]
    public async Task publish_takes_the_token_from_the_environment_and_refuses_one_on_the_command_line()
    {
        var onCommandLine = await RunWith("from-env", "publish", SamplePackage.Directory, "--server", "http://127.0.0.1:9", "--token", "secret");
        Assert.Equal(2, onCommandLine.Exit);
        Assert.Contains(AuthorCommands.TokenVariable, onCommandLine.Errors);
        Assert.DoesNotContain("secret", onCommandLine.Errors + onCommandLine.Output);

        var withoutToken = await RunWith(null, "publish", SamplePackage.Directory, "--server", "http://127.0.0.1:9");
        Assert.Equal(2, withoutToken.Exit);
        Assert.Contains(AuthorCommands.TokenVariable, withoutToken.Errors);
    }

    [Fact]
    public async Task help_lists_the_commands_and_version_prints_the_version()
    {
        var help = await Run("--help");
        Assert.Equal(0, help.Exit);
        foreach (var command in new[] { "validate", "preview", "pack", "publish" }) Assert.Contains(command, help.Output);
        var publishHelp = await Run("publish", "--help");
        Assert.Equal(0, publishHelp.Exit);
        Assert.Contains(AuthorCommands.TokenVariable, publishHelp.Output);
        Assert.DoesNotContain("--token", publishHelp.Output);

        var version = await Run("--version");
        Assert.Equal(0, version.Exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
    }
}
