using Gamified.Api.Security;
using Gamified.Server.Hosting;

namespace Gamified.Server.Commands;

/// <summary>
/// <c>token --sub ID --role ROLE [--role …] [--department ID …] [--hours N]</c>: prints a token signed with
/// the local key, for a laptop installation without an identity provider. Other arguments are configuration
/// overrides (e.g. <c>--Storage:DataDirectory=…</c>), so the key is the one the server uses.
/// </summary>
public static class TokenCommand
{
    public static Task<int> Run(string[] args)
    {
        string? subject = null;
        var roles = new List<string>();
        var departments = new List<string>();
        double hours = 12;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--sub": subject = Value(); break;
                case "--role": roles.Add(Value()); break;
                case "--department": departments.Add(Value()); break;
                case "--hours": hours = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: rest.Add(args[i]); break;
            }
        }

        var unknown = roles.Except(Roles.All).ToList();
        if (subject is null || roles.Count == 0 || unknown.Count > 0 || hours <= 0)
        {
            Console.Error.WriteLine("usage: token --sub ID --role learner|author|manager|admin [--role …] [--department ID|* …] [--hours N]");
            if (unknown.Count > 0) Console.Error.WriteLine($"unknown role(s): {string.Join(", ", unknown)}");
            return Task.FromResult(2);
        }

        var app = GamifiedHost.Build([.. rest]);
        if (app.Services.GetService<LocalTokens>() is not { } tokens)
        {
            Console.Error.WriteLine("An OIDC authority is configured (Auth:Authority): tokens come from that identity provider.");
            return Task.FromResult(1);
        }
        Console.WriteLine(tokens.Issue(subject, roles, departments, TimeSpan.FromHours(hours)));
        return Task.FromResult(0);
    }
}
