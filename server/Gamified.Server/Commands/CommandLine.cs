using Gamified.Api.Schema;
using Gamified.Server.Hosting;
using Gamified.Storage.Schema;
using GraphQL;
using GraphQL.Types;

namespace Gamified.Server.Commands;

/// <summary>
/// Operator commands, run as <c>Gamified.Server &lt;command&gt; [configuration overrides]</c>:
/// <c>migrate</c> applies the SQL schema to the configured database (idempotent);
/// <c>print-schema</c> writes the GraphQL schema in SDL;
/// <c>token</c> issues a locally signed token (see <see cref="TokenCommand"/>).
/// </summary>
public static class CommandLine
{
    public static Func<string[], Task<int>>? TryGet(string name) => name switch
    {
        "migrate" => Migrate,
        "print-schema" => PrintSchema,
        "token" => TokenCommand.Run,
        "rebuild-leaderboards" => RebuildLeaderboardsCommand.Run,
        _ => null,
    };

    public static async Task<int> Migrate(string[] args)
    {
        var app = GamifiedHost.Build(args);
        var installer = app.Services.GetRequiredService<SchemaInstaller>();
        await installer.ApplyAsync();
        Console.WriteLine($"Schema applied: {string.Join(", ", installer.ScriptNames)}.");
        return 0;
    }

    public static Task<int> PrintSchema(string[] args)
    {
        var app = GamifiedHost.Build(args);
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
