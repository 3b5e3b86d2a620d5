using System.CommandLine;
using Gamified.Api.Schema;
using Gamified.Server.Hosting;
using Gamified.Storage.Schema;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Logging.Console;

namespace Gamified.Server.Commands;

/// <summary>
/// The server's command line (<c>Gamified.Server [command] [options] [configuration overrides]</c>), with
/// <c>--help</c> and <c>--version</c>. Without a command (or with <c>run</c>) it serves; <c>migrate</c> applies the SQL
/// schema to the configured database (idempotent); <c>print-schema</c> writes the GraphQL schema in SDL; <c>token</c>
/// issues a locally signed token (see <see cref="TokenCommand"/>); <c>rebuild-leaderboards</c> projects the ledger
/// again; <c>import-staff</c> sends an HR export to a running server (see <see cref="ImportStaffCommand"/>); <c>backup</c> copies the
/// SQLite database and the key files (see <see cref="BackupCommand"/>); <c>verify-ledger</c> checks the ledger against saved checkpoints and receipts (see <see cref="VerifyLedgerCommand"/>). Arguments the command does not know are configuration overrides handed to the host
/// (<c>--Storage:Provider=Postgres</c>, <c>--environment=Development</c>), as before.
/// </summary>
public static class CommandLine
{
    /// <summary>Exit code of a command line that does not parse (unknown command, missing or bad option).</summary>
    public const int UsageError = 2;

    private const string Overrides = "Other arguments are configuration overrides, e.g. --Storage:Provider=Postgres --Storage:ConnectionString=….";

    public static Task<int> InvokeAsync(string[] args, Func<string[], Task<int>> serve, TextWriter? output = null, TextWriter? errors = null)
    {
        var root = new RootCommand("Gamified: the training competition server. Without a command it serves (HTTP, GraphQL, the Orleans silo). " + Overrides)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(parsed => ServeOrRefuse(parsed, serve, errors ?? Console.Error));

        var run = new Command("run", "Serve (the default).") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction(parsed => serve([.. parsed.UnmatchedTokens]));
        root.Add(run);

        root.Add(Overrideable("migrate", "Apply the SQL schema to the configured database (idempotent).", Migrate));
        root.Add(Overrideable("print-schema", "Write the GraphQL schema (SDL) to standard output.", PrintSchema));
        root.Add(Overrideable("rebuild-leaderboards", "Clear the leaderboards and project the whole ledger again (Redis-backed boards).",
            RebuildLeaderboardsCommand.Run));
        root.Add(TokenCommand.Create());
        root.Add(ImportStaffCommand.Create());
        root.Add(BackupCommand.Create());
        root.Add(VerifyLedgerCommand.Create());

        return Invoke(root, args, output, errors);
    }

    /// <summary>The command <paramref name="name"/> as a function of its arguments (tests call commands this way).</summary>
    public static Func<string[], Task<int>>? TryGet(string name) =>
        name is "migrate" or "print-schema" or "token" or "rebuild-leaderboards" or "import-staff" or "backup" or "verify-ledger"
            ? args => InvokeAsync([name, .. args], _ => Task.FromResult(UsageError))
            : null;

    /// <summary>Parses, prints parse errors on standard error with exit code 2, and otherwise runs the chosen command.</summary>
    internal static async Task<int> Invoke(RootCommand root, string[] args, TextWriter? output, TextWriter? errors)
    {
        var parsed = root.Parse(args);
        var error = errors ?? Console.Error;
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors) await error.WriteLineAsync(problem.Message);
            var command = parsed.CommandResult.Command == root ? root.Name : $"{root.Name} {parsed.CommandResult.Command.Name}";
            await error.WriteLineAsync($"Run '{command} --help' for usage.");
            return UsageError;
        }
        // The host handles SIGTERM and Ctrl+C itself (graceful silo shutdown), and failures surface as before.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        if (output is not null) configuration.Output = output;
        if (errors is not null) configuration.Error = errors;
        return await parsed.InvokeAsync(configuration);
    }

    private static Command Overrideable(string name, string description, Func<string[], Task<int>> run)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(parsed => run([.. parsed.UnmatchedTokens]));
        return command;
    }

    /// <summary>A bare word that is no command is a typo, not a configuration override: refuse rather than serve.</summary>
    private static async Task<int> ServeOrRefuse(ParseResult parsed, Func<string[], Task<int>> serve, TextWriter errors)
    {
        if (parsed.UnmatchedTokens.FirstOrDefault() is { } first && !first.StartsWith('-') && !first.StartsWith('/'))
        {
            await errors.WriteLineAsync($"Unknown command '{first}'. Run '{parsed.RootCommandResult.Command.Name} --help' for the commands.");
            return UsageError;
        }
        return await serve([.. parsed.UnmatchedTokens]);
    }

    /// <summary>The host for a command: its logs go to standard error, so standard output carries only the result
    /// (a token, the schema) and can be captured with <c>$(…)</c> or redirected to a file.</summary>
    public static WebApplication BuildHost(string[] args) =>
        GamifiedHost.Build(args, builder =>
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    public static async Task<int> Migrate(string[] args)
    {
        var app = BuildHost(args);
        var installer = app.Services.GetRequiredService<SchemaInstaller>();
        await installer.ApplyAsync();
        Console.WriteLine($"Schema applied: {string.Join(", ", installer.ScriptNames)}.");
        return 0;
    }

    public static Task<int> PrintSchema(string[] args)
    {
        var app = BuildHost(args);
        Console.Write(Print(app.Services));
        return Task.FromResult(0);
    }

    public static string Print(IServiceProvider services)
    {
        var schema = services.GetRequiredService<ISchema>();
        schema.Initialize();
        return schema.Print(new GraphQL.Utilities.PrintOptions { IncludeDescriptions = true, StringComparison = StringComparison.Ordinal })
            .ReplaceLineEndings("\n").TrimEnd() + "\n";
    }
}
