using System.Text.RegularExpressions;
using Gamified.Tests.Infrastructure;

namespace Gamified.Tests.Contract;

/// <summary>
/// The README's commands work as written on a fresh machine: the token command, captured with <c>$(…)</c>, yields
/// the token and nothing else (no "Using launch settings…", no log line), and the server accepts it.
/// </summary>
public sealed partial class ReadmeCommandsTests
{
    [Fact]
    public async Task the_readme_token_command_captures_only_a_token_the_server_accepts()
    {
        var readme = await File.ReadAllTextAsync(Repository.PathOf("README.md"));
        var line = AdminTokenLine().Match(readme);
        Assert.True(line.Success, "README.md has no line ADMIN=$(dotnet … token …).");
        var words = line.Groups["command"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dotnet", words[0]);
        var separator = Array.IndexOf(words, "--");
        Assert.True(separator > 0, "the token command passes its arguments after --");

        // As written, plus the test build's configuration (the README's user has the default Debug build) and a data
        // directory of its own, so that the token is signed with the key of the server started below.
        var storage = (SqliteStorage)ServerStorage.NewSqlite();
        string[] arguments =
        [
            .. words[1..separator], "-c", ChildProcess.BuildConfiguration(), .. words[separator..],
            $"--Storage:DataDirectory={storage.DataDirectory}",
        ];
        var (exit, output, errors) = await ChildProcess.RunAsync("dotnet", arguments, Repository.Root, TimeSpan.FromMinutes(3),
            new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });

        Assert.True(exit == 0, $"the README's token command failed ({exit}): {errors}");
        var token = output.TrimEnd('\n', '\r');   // what $(…) keeps
        Assert.Matches(Jwt(), token);

        await using var server = await GamifiedServer.StartAsync(storage);
        (await server.ClientWithToken(token).PostAsync("{ auditLog(first: 1) { edges { node { action } } } }")).AssertNoErrors();
    }

    [Fact]
    public async Task the_server_command_line_has_help_and_version_and_refuses_unknown_commands()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Gamified.Server.dll");
        var help = await ChildProcess.RunAsync("dotnet", [dll, "--help"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
        Assert.Equal(0, help.Exit);
        foreach (var command in new[] { "run", "migrate", "print-schema", "token", "rebuild-leaderboards" }) Assert.Contains(command, help.Output);

        var version = await ChildProcess.RunAsync("dotnet", [dll, "--version"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
        Assert.Equal(0, version.Exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);

        var typo = await ChildProcess.RunAsync("dotnet", [dll, "tokn", "--sub", "x"], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
        Assert.Equal(2, typo.Exit);
        Assert.Contains("tokn", typo.Errors);

        var badRole = await ChildProcess.RunAsync("dotnet", [dll, "token", "--sub", "x", "--role", "emperor"], AppContext.BaseDirectory,
            TimeSpan.FromMinutes(1));
        Assert.Equal(2, badRole.Exit);
        Assert.Equal("", badRole.Output);
    }

    /// <summary>Debug or Release: the artifacts folder of the test assembly is named after it.</summary>
    [GeneratedRegex(@"^ADMIN=\$\((?<command>dotnet [^)\n]+ token [^)\n]+)\)\s*$", RegexOptions.Multiline)]
    private static partial Regex AdminTokenLine();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")]
    private static partial Regex Jwt();
}
