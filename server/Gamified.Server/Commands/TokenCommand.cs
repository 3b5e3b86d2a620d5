using System.CommandLine;
using Gamified.Api.Security;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>token --sub ID --role ROLE [--role …] [--department ID …] [--hours N]</c>: prints a token signed with
/// the local key, for a laptop installation without an identity provider, and nothing else on standard output
/// (so <c>ADMIN=$(… token …)</c> captures the token alone). Other arguments are configuration overrides
/// (e.g. <c>--Storage:DataDirectory=…</c>), so the key is the one the server uses.
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--sub") { Description = "The user: for a learner, their learner id.", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role (repeat for several).", Required = true };
        roles.AcceptOnlyFromAmong([.. Roles.All]);
        var departments = new Option<string[]>("--department") { Description = "A department a manager manages (repeat for several; * for all)." };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours.", DefaultValueFactory = _ => 12 };
        hours.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 24 * 366)) result.AddError("--hours must be more than 0 and at most a year.");
        });

        var command = new Command("token", "Print a token signed with the local key (when no identity provider is configured), and nothing else.")
        {
            subject, roles, departments, hours,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parsed => Issue(parsed.GetRequiredValue(subject), parsed.GetRequiredValue(roles),
            parsed.GetValue(departments) ?? [], parsed.GetValue(hours), [.. parsed.UnmatchedTokens]));
        return command;
    }

    /// <summary>Runs <c>token</c> with <paramref name="args"/> (its options and configuration overrides); 2 for bad usage.</summary>
    public static Task<int> Run(string[] args) => CommandLine.TryGet("token")!(args);

    private static int Issue(string subject, string[] roles, string[] departments, double hours, string[] overrides)
    {
        var app = CommandLine.BuildHost(overrides);
        if (app.Services.GetService<LocalTokens>() is not { } tokens)
        {
            Console.Error.WriteLine("An OIDC authority is configured (Auth:Authority): tokens come from that identity provider.");
            return 1;
        }
        Console.WriteLine(tokens.Issue(subject, [.. roles.Distinct()], [.. departments.Distinct()], TimeSpan.FromHours(hours)));
        return 0;
    }
}
